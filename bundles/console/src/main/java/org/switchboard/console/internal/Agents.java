package org.switchboard.console.internal;

import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;

/** Agent lookups with the console's error messages. */
final class Agents {
    private Agents() {}

    static AgentStatus byUsername(AgentService agents, String username) {
        return agents.findByUsername(username.trim().toLowerCase())
                .orElseThrow(() -> new IllegalArgumentException("no agent '" + username + "' (see sb:agents)"));
    }
}
