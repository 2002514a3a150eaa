package org.switchboard.rest.internal.resource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.switchboard.api.agent.Role;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallService;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.CallLogUpdate;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.crm.CrmRef;
import org.switchboard.rest.internal.CrmAccess;
import org.switchboard.rest.internal.auth.AgentPrincipal;
import org.switchboard.rest.internal.auth.AgentSecurityContext;
import org.switchboard.rest.internal.error.ApiException;
import org.switchboard.rest.internal.resource.DirectoryResource.Items;
import org.switchboard.rest.internal.view.CallLogView;
import org.switchboard.rest.internal.view.CallLogView.DeliveryView;

/**
 * Call logs: an agent sees and edits their own (notes, subject, contact, related case or
 * opportunity — SEED-FEATURES #13–15); supervisors see everyone's. Each edit re-queues the log
 * so the CRM activity is updated.
 */
@Path("/call-logs")
@Produces(MediaType.APPLICATION_JSON)
public class CallLogResource {

    public record Edit(String subject, String notes, String contactId, String relatedItemId) {}

    /** Core stores an ended call's log on a thread of its own: how long a read waits for it. */
    private static final Duration STORING = Duration.ofSeconds(3);

    private final CallLogRepository logs;
    private final CallService calls;
    private final Outbox outbox;
    private final CrmAccess crm;

    public CallLogResource(CallLogRepository logs, CallService calls, Outbox outbox, CrmAccess crm) {
        this.logs = logs;
        this.calls = calls;
        this.outbox = outbox;
        this.crm = crm;
    }

    @GET
    public Items<CallLogView> list(
            @Context SecurityContext security,
            @QueryParam("agent") String agent,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        AgentPrincipal caller = AgentSecurityContext.caller(security);
        Optional<UUID> agentFilter;
        if (caller.agent().role().includes(Role.SUPERVISOR)) {
            agentFilter = Optional.ofNullable(agent).map(CallLogResource::parseId);
        } else {
            agentFilter = Optional.of(caller.agent().id());
        }
        var query = new CallLogQuery(agentFilter, offset, limit);
        return new Items<>(logs.list(query).stream().map(CallLogView::of).toList());
    }

    @GET
    @Path("/{id}")
    public CallLogView get(@Context SecurityContext security, @PathParam("id") String id) {
        CallLog log = visible(security, id);
        return CallLogView.of(log, deliveries(log));
    }

    /** Where the log went in each CRM, with a link to the activity (post-call navigation opens it). */
    private List<DeliveryView> deliveries(CallLog log) {
        return outbox.deliveries(log.id()).stream().map(entry -> {
            Optional<CrmRef> ref = entry.crmRef().flatMap(CrmRef::parse);
            String url = ref.flatMap(r -> crm.named(r.connector()).flatMap(c -> CrmAccess.url(c, r))).orElse(null);
            return new DeliveryView(entry.connector(), entry.status().name(), entry.crmRef().orElse(null), url,
                    entry.deliveredAt().map(Object::toString).orElse(null), entry.lastError().orElse(null));
        }).toList();
    }


    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CallLogView edit(@Context SecurityContext security, @PathParam("id") String id, Edit edit) {
        if (edit == null) {
            throw ApiException.badRequest("a call log edit is required");
        }
        CallLog log = visible(security, id);
        CallLog updated = log.withAgentInput(new CallLogUpdate(
                Optional.ofNullable(edit.subject()), Optional.ofNullable(edit.notes()),
                Optional.ofNullable(edit.contactId()), Optional.ofNullable(edit.relatedItemId())));
        logs.saveAndQueue(updated);
        return CallLogView.of(updated, deliveries(updated));
    }

    private CallLog visible(SecurityContext security, String id) {
        AgentPrincipal caller = AgentSecurityContext.caller(security);
        CallLog log = find(parseId(id)).orElseThrow(() -> ApiException.notFound("no call log " + id));
        boolean own = log.agentId().map(caller.agent().id()::equals).orElse(false);
        if (!own && !caller.agent().role().includes(Role.SUPERVISOR)) {
            throw ApiException.forbidden("this call log belongs to another agent");
        }
        return log;
    }

    /**
     * The log, waiting briefly for one being stored: the panel logs its note the moment the call
     * ends, a few milliseconds before core's recorder has written the log.
     */
    private Optional<CallLog> find(UUID id) {
        Optional<CallLog> log = logs.find(id);
        if (log.isPresent()) {
            return log;
        }
        Optional<Call> call = calls.find(id).filter(c -> c.consultOf().isEmpty());
        if (call.isPresent() && call.get().state().isLive()) {
            throw new ApiException(Response.Status.CONFLICT, "conflict",
                    "call " + id + " is still going on: its log is written when it ends");
        }
        long deadline = System.nanoTime() + STORING.toNanos();
        while (call.isPresent() && log.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            log = logs.find(id);
        }
        return log;
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such id " + id);
        }
    }
}
