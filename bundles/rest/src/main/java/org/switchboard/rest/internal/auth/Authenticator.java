package org.switchboard.rest.internal.auth;

import java.time.Clock;
import java.util.Optional;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.session.Session;
import org.switchboard.api.session.SessionRepository;

/** Turns a bearer token into the agent it belongs to; shared by REST and the WebSocket. */
public class Authenticator {
    private final SessionRepository sessions;
    private final AgentService agents;
    private final Clock clock;

    public Authenticator(SessionRepository sessions, AgentService agents, Clock clock) {
        this.sessions = sessions;
        this.agents = agents;
        this.clock = clock;
    }

    /** The session's principal, if the token is known, unexpired, and its agent still enabled. */
    public Optional<AgentPrincipal> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 512) {
            return Optional.empty();
        }
        Optional<Session> session = sessions.resolve(token, clock.instant());
        return session.flatMap(s -> agents.find(s.agentId())
                .map(AgentStatus::agent)
                .filter(a -> a.enabled())
                .map(a -> new AgentPrincipal(a, s, token)));
    }
}
