package org.switchboard.rest.internal.auth;

import java.security.Principal;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.session.Session;

/** The authenticated agent of a request, with the session and bearer token it came with. */
public record AgentPrincipal(Agent agent, Session session, String token) implements Principal {
    @Override
    public String getName() {
        return agent.username();
    }

    @Override
    public String toString() {
        return "AgentPrincipal[" + agent.username() + "]";
    }
}
