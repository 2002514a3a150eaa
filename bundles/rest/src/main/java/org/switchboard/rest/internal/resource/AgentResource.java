package org.switchboard.rest.internal.resource;

import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentSettingsRepository;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.agent.Role;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.rest.internal.auth.AgentSecurityContext;
import org.switchboard.rest.internal.auth.RequiresRole;
import org.switchboard.rest.internal.error.ApiException;
import org.switchboard.rest.internal.view.AgentView;
import org.switchboard.rest.internal.view.SettingsView;

/** The caller's own profile, presence and settings; supervisors also list all agents. */
@Path("/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    public record PresenceChange(Presence presence) {}

    private final AgentService agents;
    private final AgentSettingsRepository settings;
    private final NumberPlan numberPlan;

    public AgentResource(AgentService agents, AgentSettingsRepository settings, NumberPlan numberPlan) {
        this.agents = agents;
        this.settings = settings;
        this.numberPlan = numberPlan;
    }

    @GET
    @RequiresRole(Role.SUPERVISOR)
    public List<AgentView> list() {
        return agents.list().stream().map(this::view).toList();
    }

    @GET
    @Path("/me")
    public AgentView me(@Context SecurityContext security) {
        return view(current(security));
    }

    @PUT
    @Path("/me/presence")
    @Consumes(MediaType.APPLICATION_JSON)
    public AgentView setPresence(@Context SecurityContext security, PresenceChange change) {
        if (change == null || change.presence() == null) {
            throw ApiException.badRequest("presence is required: one of AVAILABLE, AWAY, BUSY, WRAP_UP, OFFLINE");
        }
        var me = AgentSecurityContext.caller(security).agent();
        return view(agents.setPresence(me.id(), change.presence()));
    }

    @GET
    @Path("/me/settings")
    public SettingsView settings(@Context SecurityContext security) {
        return SettingsView.of(settings.get(AgentSecurityContext.caller(security).agent().id()));
    }

    @PUT
    @Path("/me/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public SettingsView saveSettings(@Context SecurityContext security, SettingsView body) {
        if (body == null) {
            throw ApiException.badRequest("a settings object is required");
        }
        var me = AgentSecurityContext.caller(security).agent();
        settings.put(me.id(), body.toSettings());
        return SettingsView.of(settings.get(me.id()));
    }

    private AgentStatus current(SecurityContext security) {
        var me = AgentSecurityContext.caller(security).agent();
        return agents.find(me.id()).orElseThrow(() -> ApiException.notFound("agent no longer exists"));
    }

    private AgentView view(AgentStatus status) {
        return AgentView.of(status, numberPlan.callerIdsFor(status.agent().id()));
    }
}
