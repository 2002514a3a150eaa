package org.switchboard.api.agent;

import java.util.UUID;

/** Persistent per-agent softphone settings (provided by the store bundle). */
public interface AgentSettingsRepository {

    /** The agent's settings, or {@link AgentSettings#defaults()} when never saved. */
    AgentSettings get(UUID agentId);

    void put(UUID agentId, AgentSettings settings);
}
