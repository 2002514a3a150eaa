package org.switchboard.rest.internal.auth;

import java.lang.reflect.Method;
import java.util.Optional;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import org.switchboard.api.agent.Role;
import org.switchboard.rest.internal.error.ErrorResponses;

/**
 * Every request needs {@code Authorization: Bearer <token>} except methods marked {@link Public}
 * and signed links to methods marked {@link SignedLink}; {@link RequiresRole} then checks the
 * caller's role. A public method still sees a caller who sent a valid token.
 */
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {
    private static final String BEARER = "Bearer ";

    private final Authenticator authenticator;

    @Context
    private ResourceInfo resourceInfo;

    public AuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resourceInfo.getResourceMethod();
        if (method == null) {
            return; // unmatched requests end in a JSON 404/405 anyway
        }
        if (isPublic(method)) {
            // a public method may tell a known caller more (health details for supervisors); a bad token is anonymous
            bearerToken(request).flatMap(authenticator::authenticate).ifPresent(principal -> request.setSecurityContext(
                    new AgentSecurityContext(principal, request.getSecurityContext().isSecure())));
            return;
        }
        if (method.isAnnotationPresent(SignedLink.class)
                && request.getUriInfo().getQueryParameters().containsKey(SignedLink.SIGNATURE)) {
            return; // the resource verifies the link's signature instead of a session
        }
        Optional<AgentPrincipal> principal = bearerToken(request).flatMap(authenticator::authenticate);
        if (principal.isEmpty()) {
            request.abortWith(Response.fromResponse(
                            ErrorResponses.of(Response.Status.UNAUTHORIZED, "unauthorized",
                                    "a valid session token is required (POST /api/v1/sessions)"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"switchboard\"")
                    .build());
            return;
        }
        Optional<Role> required = requiredRole(method);
        if (required.isPresent() && !principal.get().agent().role().includes(required.get())) {
            request.abortWith(ErrorResponses.of(Response.Status.FORBIDDEN, "forbidden",
                    "this needs the " + required.get().name().toLowerCase() + " role"));
            return;
        }
        request.setSecurityContext(new AgentSecurityContext(principal.get(), request.getSecurityContext().isSecure()));
    }

    private static Optional<String> bearerToken(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(header.substring(BEARER.length()).trim());
    }

    private boolean isPublic(Method method) {
        return method.isAnnotationPresent(Public.class) || resourceInfo.getResourceClass().isAnnotationPresent(Public.class);
    }

    private Optional<Role> requiredRole(Method method) {
        RequiresRole onMethod = method.getAnnotation(RequiresRole.class);
        RequiresRole onClass = resourceInfo.getResourceClass().getAnnotation(RequiresRole.class);
        RequiresRole effective = onMethod != null ? onMethod : onClass;
        return Optional.ofNullable(effective).map(RequiresRole::value);
    }
}
