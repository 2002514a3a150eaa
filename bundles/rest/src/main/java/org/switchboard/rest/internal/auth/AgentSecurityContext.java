package org.switchboard.rest.internal.auth;

import javax.ws.rs.core.SecurityContext;
import org.switchboard.api.agent.Role;

/** Exposes the authenticated agent to resources through {@code @Context SecurityContext}. */
public record AgentSecurityContext(AgentPrincipal principal, boolean secure) implements SecurityContext {
    @Override
    public AgentPrincipal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.agent().role().includes(Role.valueOf(role));
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }

    /** The caller of a request that passed the {@link AuthFilter}. */
    public static AgentPrincipal caller(SecurityContext context) {
        if (context.getUserPrincipal() instanceof AgentPrincipal principal) {
            return principal;
        }
        throw new IllegalStateException("request was not authenticated");
    }
}
