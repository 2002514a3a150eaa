package org.switchboard.rest.internal.resource;

import java.time.Duration;
import java.time.Instant;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AuthResult;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.session.IssuedSession;
import org.switchboard.api.session.SessionRepository;
import org.switchboard.rest.internal.auth.AgentSecurityContext;
import org.switchboard.rest.internal.auth.Public;
import org.switchboard.rest.internal.error.ApiError;
import org.switchboard.rest.internal.error.ApiException;
import org.switchboard.rest.internal.view.AgentView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Login ({@code POST /sessions}) and logout ({@code DELETE /sessions/current}). */
@Path("/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    private static final Logger LOG = LoggerFactory.getLogger(SessionResource.class);

    public record Login(String username, String password) {}

    public record LoginAnswer(String token, String expiresAt, AgentView agent) {}

    private final AgentService agents;
    private final SessionRepository sessions;
    private final NumberPlan numberPlan;
    private final Duration sessionTtl;

    public SessionResource(AgentService agents, SessionRepository sessions, NumberPlan numberPlan, Duration sessionTtl) {
        this.agents = agents;
        this.sessions = sessions;
        this.numberPlan = numberPlan;
        this.sessionTtl = sessionTtl;
    }

    @POST
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(Login login) {
        if (login == null || blank(login.username()) || login.password() == null || login.password().isEmpty()) {
            throw ApiException.badRequest("username and password are required");
        }
        String username = login.username().trim().toLowerCase();
        AuthResult result = agents.authenticate(username, login.password().toCharArray());
        if (result instanceof AuthResult.Success success) {
            IssuedSession issued = sessions.create(success.agent().id(), sessionTtl);
            LOG.info("Agent {} logged in (session {})", username, issued.session().id());
            var status = agents.find(success.agent().id()).orElseThrow();
            if (status.presence() == Presence.OFFLINE) {
                // logging in to the softphone means "ready for calls"; other states are the agent's choice
                status = agents.setPresence(status.agent().id(), Presence.AVAILABLE);
            }
            AgentView view = AgentView.of(status, numberPlan.callerIdsFor(success.agent().id()));
            return Response.status(Response.Status.CREATED)
                    .entity(new LoginAnswer(issued.token(), issued.session().expiresAt().toString(), view))
                    .build();
        }
        if (result instanceof AuthResult.Locked locked) {
            long retryAfter = Math.max(1, Duration.between(Instant.now(), locked.until()).toSeconds());
            LOG.warn("Login for {} refused: locked after repeated failures", username);
            return Response.status(429)
                    .header(HttpHeaders.RETRY_AFTER, retryAfter)
                    .entity(new ApiError("login_locked",
                            "too many failed logins; try again in " + retryAfter + " seconds"))
                    .build();
        }
        LOG.info("Login failed for {}", username);
        return Response.status(Response.Status.UNAUTHORIZED)
                .entity(new ApiError("invalid_credentials", "wrong username or password"))
                .build();
    }

    @DELETE
    @Path("/current")
    public Response logout(@Context SecurityContext security) {
        var caller = AgentSecurityContext.caller(security);
        sessions.revoke(caller.token());
        LOG.info("Agent {} logged out", caller.agent().username());
        return Response.noContent().build();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
