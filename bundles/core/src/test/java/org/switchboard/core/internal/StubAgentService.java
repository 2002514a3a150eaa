package org.switchboard.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.agent.AuthResult;
import org.switchboard.api.agent.NewAgent;
import org.switchboard.api.agent.Presence;

/** Presence as the number plan sees it, set directly by the test. */
final class StubAgentService implements AgentService {
    private final Map<UUID, AgentStatus> statuses = new LinkedHashMap<>();

    void put(Agent agent, Presence presence, Instant lastCallEndedAt) {
        statuses.put(agent.id(), new AgentStatus(agent, presence, Instant.EPOCH, lastCallEndedAt));
    }

    void available(Agent... agents) {
        for (Agent a : agents) {
            put(a, Presence.AVAILABLE, Instant.EPOCH);
        }
    }

    @Override
    public Optional<AgentStatus> find(UUID agentId) {
        return Optional.ofNullable(statuses.get(agentId));
    }

    @Override
    public List<AgentStatus> list() {
        return new ArrayList<>(statuses.values());
    }

    @Override
    public AgentStatus setPresence(UUID agentId, Presence presence) {
        AgentStatus s = statuses.get(agentId);
        put(s.agent(), presence, s.lastCallEndedAt());
        return statuses.get(agentId);
    }

    @Override
    public AuthResult authenticate(String username, char[] password) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<AgentStatus> findByUsername(String username) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Agent add(NewAgent agent) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean changePassword(UUID agentId, char[] newPassword) {
        throw new UnsupportedOperationException();
    }
}
