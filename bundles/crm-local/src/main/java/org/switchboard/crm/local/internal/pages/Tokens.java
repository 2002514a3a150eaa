package org.switchboard.crm.local.internal.pages;

import java.time.Clock;
import java.util.Optional;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.session.SessionRepository;

/**
 * The agent an {@code Authorization: Bearer <token>} header belongs to, checked exactly as the
 * REST API checks it: a known, unexpired session of an enabled agent.
 */
final class Tokens {
    private static final String BEARER = "Bearer ";
    private static final int MAX_TOKEN = 512;

    private final SessionRepository sessions;
    private final AgentService agents;
    private final Clock clock;

    Tokens(SessionRepository sessions, AgentService agents, Clock clock) {
        this.sessions = sessions;
        this.agents = agents;
        this.clock = clock;
    }

    Optional<Agent> agentOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        return sessions.resolve(token, clock.instant())
                .flatMap(session -> agents.find(session.agentId()))
                .map(AgentStatus::agent)
                .filter(Agent::enabled);
    }
}
