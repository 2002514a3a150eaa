package org.switchboard.rest.internal.resource;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.switchboard.api.agent.Role;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.health.HealthStatus;
import org.switchboard.rest.internal.auth.Public;

/**
 * {@code GET /health}: UP (200) when every component is up, DOWN (503) otherwise. Anyone may ask
 * (load balancers, monitoring); only supervisors and admins see each component's status and detail
 * (versions, pool sizes), which tell an attacker what runs here.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    /**
     * Components the platform cannot work without; missing ones report DOWN. SIP and media are among them: the
     * REST API is published before SIP binds its ports, and UP must mean calls can come in.
     */
    private static final List<String> REQUIRED = List.of("store", "sip", "media");

    public record HealthReport(HealthStatus status, Map<String, Health> components) {}

    /** What anonymous callers see. */
    public record HealthSummary(HealthStatus status) {}

    private final Supplier<Collection<HealthIndicator>> indicators;

    public HealthResource(Supplier<Collection<HealthIndicator>> indicators) {
        this.indicators = indicators;
    }

    @GET
    @Public
    public Response health(@Context SecurityContext caller) {
        Map<String, Health> components = new LinkedHashMap<>();
        REQUIRED.forEach(name -> components.put(name, Health.down("not running")));
        for (HealthIndicator indicator : indicators.get()) {
            components.put(indicator.name(), safeCheck(indicator));
        }
        boolean up = components.values().stream().allMatch(h -> h.status() == HealthStatus.UP);
        HealthStatus status = up ? HealthStatus.UP : HealthStatus.DOWN;
        boolean detailed = caller.getUserPrincipal() != null && caller.isUserInRole(Role.SUPERVISOR.name());
        return Response.status(up ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(detailed ? new HealthReport(status, components) : new HealthSummary(status))
                .build();
    }

    private static Health safeCheck(HealthIndicator indicator) {
        try {
            return indicator.check();
        } catch (RuntimeException e) {
            return Health.down(e.getClass().getSimpleName());
        }
    }
}
