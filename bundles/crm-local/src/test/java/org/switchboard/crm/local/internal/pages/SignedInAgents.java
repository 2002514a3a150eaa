package org.switchboard.crm.local.internal.pages;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.agent.AuthResult;
import org.switchboard.api.agent.NewAgent;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.agent.Role;
import org.switchboard.api.session.IssuedSession;
import org.switchboard.api.session.Session;
import org.switchboard.api.session.SessionRepository;

/** Agents and their sessions, in memory: what the store and core provide in the running system. */
final class SignedInAgents implements SessionRepository, AgentService {
    private final Map<UUID, Agent> agents = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    Agent agent(String username, String displayName, boolean enabled) {
        Agent agent = new Agent(UUID.randomUUID(), username, displayName, "1001", Optional.empty(), Role.AGENT, enabled);
        agents.put(agent.id(), agent);
        return agent;
    }

    String token(Agent agent, Instant expiresAt) {
        String token = UUID.randomUUID().toString();
        sessions.put(token, new Session(UUID.randomUUID(), agent.id(), expiresAt.minus(Duration.ofHours(8)), expiresAt));
        return token;
    }

    @Override
    public Optional<Session> resolve(String token, Instant now) {
        return Optional.ofNullable(sessions.get(token)).filter(s -> s.expiresAt().isAfter(now));
    }

    @Override
    public Optional<AgentStatus> find(UUID agentId) {
        return Optional.ofNullable(agents.get(agentId))
                .map(a -> new AgentStatus(a, Presence.AVAILABLE, Instant.EPOCH, Instant.EPOCH));
    }

    @Override
    public IssuedSession create(UUID agentId, Duration ttl) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean revoke(String token) {
        return sessions.remove(token) != null;
    }

    @Override
    public int purgeExpired(Instant now) {
        return 0;
    }

    @Override
    public AuthResult authenticate(String username, char[] password) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<AgentStatus> list() {
        return agents.keySet().stream().map(this::find).flatMap(Optional::stream).toList();
    }

    @Override
    public Optional<AgentStatus> findByUsername(String username) {
        return list().stream().filter(s -> s.agent().username().equals(username)).findFirst();
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
