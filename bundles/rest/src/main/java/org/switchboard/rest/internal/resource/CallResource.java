package org.switchboard.rest.internal.resource;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.switchboard.api.agent.Role;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallService;
import org.switchboard.rest.internal.auth.AgentPrincipal;
import org.switchboard.rest.internal.auth.AgentSecurityContext;
import org.switchboard.rest.internal.error.ApiException;
import org.switchboard.rest.internal.resource.DirectoryResource.Items;
import org.switchboard.rest.internal.view.CallView;

/** Live calls: an agent sees the calls they are on; supervisors see all. */
@Path("/calls")
@Produces(MediaType.APPLICATION_JSON)
public class CallResource {
    private final CallService calls;

    public CallResource(CallService calls) {
        this.calls = calls;
    }

    @GET
    public Items<CallView> list(@Context SecurityContext security) {
        AgentPrincipal caller = AgentSecurityContext.caller(security);
        return new Items<>(calls.active().stream().filter(c -> visible(caller, c)).map(CallView::of).toList());
    }

    @GET
    @Path("/{id}")
    public CallView get(@Context SecurityContext security, @PathParam("id") String id) {
        AgentPrincipal caller = AgentSecurityContext.caller(security);
        Call call = calls.find(CallLogResource.parseId(id))
                .filter(c -> visible(caller, c))
                .orElseThrow(() -> ApiException.notFound("no call " + id));
        return CallView.of(call);
    }

    private static boolean visible(AgentPrincipal caller, Call call) {
        if (caller.agent().role().includes(Role.SUPERVISOR)) {
            return true;
        }
        var me = caller.agent().id();
        return call.legs().stream().anyMatch(l -> l.party().agentId().map(me::equals).orElse(false));
    }
}
