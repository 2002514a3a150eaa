package org.switchboard.api.agent;

import java.time.Instant;
import java.util.Objects;

/**
 * An agent with their current presence.
 *
 * @param since when the presence last changed
 * @param lastCallEndedAt when the agent last finished a call (drives longest-idle routing),
 *     {@link Instant#EPOCH} if never
 */
public record AgentStatus(Agent agent, Presence presence, Instant since, Instant lastCallEndedAt) {
    public AgentStatus {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastCallEndedAt, "lastCallEndedAt");
    }
}
