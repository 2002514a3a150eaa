package org.switchboard.sip.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.agent.AuthResult;
import org.switchboard.api.agent.NewAgent;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.agent.Role;

/** The demo agents alice (1001) and bob (1002) as core's directory names them; nothing else. */
final class DemoAgents implements AgentService {
    private static final List<AgentStatus> AGENTS = List.of(
            status(new Agent(FakeCredentials.ALICE, "alice", "Alice", "1001", Optional.empty(), Role.AGENT, true)),
            status(new Agent(FakeCredentials.BOB, "bob", "Bob", "1002", Optional.empty(), Role.AGENT, true)));

    private static AgentStatus status(Agent agent) {
        return new AgentStatus(agent, Presence.OFFLINE, Instant.EPOCH, Instant.EPOCH);
    }

    @Override
    public List<AgentStatus> list() {
        return AGENTS;
    }

    @Override
    public Optional<AgentStatus> find(UUID agentId) {
        return AGENTS.stream().filter(a -> a.agent().id().equals(agentId)).findFirst();
    }

    @Override
    public Optional<AgentStatus> findByUsername(String username) {
        return AGENTS.stream().filter(a -> a.agent().username().equals(username)).findFirst();
    }

    @Override
    public AuthResult authenticate(String username, char[] password) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AgentStatus setPresence(UUID agentId, Presence presence) {
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
