package org.switchboard.rest.internal.resource;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.switchboard.api.agent.AgentRepository;
import org.switchboard.api.agent.DeviceKind;
import org.switchboard.api.agent.Role;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallNotes;
import org.switchboard.api.call.CallOriginator;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;
import org.switchboard.api.call.Party;
import org.switchboard.api.call.RecordingAction;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.Route;
import org.switchboard.api.phone.PhoneLines;
import org.switchboard.rest.internal.CrmAccess;
import org.switchboard.rest.internal.auth.AgentPrincipal;
import org.switchboard.rest.internal.auth.AgentSecurityContext;
import org.switchboard.rest.internal.error.ApiException;
import org.switchboard.rest.internal.resource.DirectoryResource.Items;
import org.switchboard.rest.internal.view.CallView;

/**
 * Live calls and third-party call control. An agent sees and controls the calls they are on
 * (the actions apply from their side: hold puts the other party on hold, mute mutes them);
 * supervisors see every call and may hang any up. The SIP/WebRTC adapters carry the decisions
 * to the devices through core.
 */
@Path("/calls")
@Produces(MediaType.APPLICATION_JSON)
public class CallResource {

    /** {@code mode}: {@code blind} (transfer now) or {@code warm} (talk first, then complete). */
    public record Transfer(String target, String mode) {}

    /**
     * Click-to-call: {@code to} an extension, one of our numbers or an outside number; {@code callerId}
     * optional; {@code device} {@code browser} (the agent's phone line) or {@code sip} (their SIP phone, the default).
     */
    public record NewCall(String to, String callerId, String device) {}

    /** Where the agent's side of a call should move: {@code browser}, {@code sip} or {@code mobile}. */
    public record DeviceSwitch(String device) {}

    /** What the agent wrote about the call (all fields replace the call's notes; null means empty). */
    public record Notes(String subject, String notes, String contactId, String relatedItemId) {}

    /** Dialpad digits: 0-9, *, #, A-D. */
    public record Digits(String digits) {}

    /** The REC button: {@code start}, {@code stop}, {@code pause} or {@code resume}. */
    public record Record(String action) {}

    private final CallService calls;
    private final NumberPlan numberPlan;
    private final Supplier<Optional<CallOriginator>> originator;
    private final Supplier<Optional<PhoneLines>> phoneLines;
    private final AgentRepository agentRepository;
    private final CrmAccess crm;

    public CallResource(CallService calls, NumberPlan numberPlan, Supplier<Optional<CallOriginator>> originator,
            Supplier<Optional<PhoneLines>> phoneLines, AgentRepository agentRepository, CrmAccess crm) {
        this.crm = crm;
        this.calls = calls;
        this.numberPlan = numberPlan;
        this.originator = originator;
        this.phoneLines = phoneLines;
        this.agentRepository = agentRepository;
    }

    /**
     * Click-to-call: rings the agent's phone, and when they pick up dials {@code to} with the chosen
     * caller ID (403 if it is not one of theirs). Answers 201 with the call, ringing.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response originate(@Context SecurityContext security, NewCall request) {
        if (request == null || request.to() == null || request.to().isBlank()) {
            throw ApiException.badRequest("to is required: an extension, one of our numbers or an outside number");
        }
        Optional<E164> callerId = Optional.empty();
        if (request.callerId() != null && !request.callerId().isBlank()) {
            if (!E164.isValid(request.callerId())) {
                throw ApiException.badRequest("callerId must be an E.164 number such as +15550101");
            }
            callerId = Optional.of(E164.of(request.callerId()));
        }
        UUID agentId = AgentSecurityContext.caller(security).agent().id();
        String device = request.device() == null ? "sip" : request.device();
        Call call = switch (device) {
            case "browser" -> phone().call(agentId, request.to().trim(), callerId);
            case "sip" -> originator.get().orElseThrow(() -> new ApiException(Response.Status.SERVICE_UNAVAILABLE,
                    "unavailable", "telephony is not running; try again shortly"))
                    .originate(agentId, request.to().trim(), callerId);
            default -> throw ApiException.badRequest("device must be browser or sip");
        };
        return Response.created(java.net.URI.create("calls/" + call.id())).entity(view(security, call)).build();
    }

    /** The agent's dialpad: digits go to the other party as RFC 4733 events (in-band if not negotiated). */
    @POST
    @Path("/{id}/dtmf")
    @Consumes(MediaType.APPLICATION_JSON)
    public CallView dtmf(@Context SecurityContext security, @PathParam("id") String id, Digits digits) {
        if (digits == null || digits.digits() == null) {
            throw ApiException.badRequest("digits is required, e.g. {\"digits\": \"123#\"}");
        }
        return view(security, calls.sendDtmf(myLeg(security, id).id(), digits.digits()));
    }

    @GET
    public Items<CallView> list(@Context SecurityContext security) {
        AgentPrincipal caller = AgentSecurityContext.caller(security);
        return new Items<>(calls.active().stream().filter(c -> visible(caller, c)).map(c -> view(security, c)).toList());
    }

    @GET
    @Path("/{id}")
    public CallView get(@Context SecurityContext security, @PathParam("id") String id) {
        AgentPrincipal caller = AgentSecurityContext.caller(security);
        Call call = calls.find(CallLogResource.parseId(id))
                .filter(c -> visible(caller, c))
                .orElseThrow(() -> ApiException.notFound("no call " + id));
        return view(security, call);
    }

    @POST
    @Path("/{id}/hangup")
    public CallView hangup(@Context SecurityContext security, @PathParam("id") String id) {
        AgentPrincipal caller = AgentSecurityContext.caller(security);
        Call call = visibleCall(caller, id);
        EndReason reason = ownLeg(caller, call)
                .map(l -> l.role() == LegRole.CALLER ? EndReason.CALLER_HANGUP : EndReason.CALLEE_HANGUP)
                .orElse(EndReason.CALLEE_HANGUP); // a supervisor ends it on the agent's behalf
        return view(security, calls.hangup(call.id(), reason));
    }

    /**
     * The panel's Reject on a call ringing for the agent: it stops ringing on every device of theirs, and
     * the call goes on (hunt) or ends.
     */
    @POST
    @Path("/{id}/reject")
    public CallView reject(@Context SecurityContext security, @PathParam("id") String id) {
        AgentPrincipal caller = AgentSecurityContext.caller(security);
        Call call = visibleCall(caller, id);
        List<Leg> ringing = ownLegs(caller, call).stream().filter(l -> l.state() != LegState.ANSWERED).toList();
        if (ringing.isEmpty()) {
            throw new ApiException(Response.Status.CONFLICT, "conflict", "call " + id + " is not ringing for you");
        }
        for (Leg leg : ringing) {
            call = calls.decline(leg.id());
        }
        return view(security, call);
    }

    /** The panel's Answer: the call is connected to the agent's browser phone line (a SIP phone answers itself). */
    @POST
    @Path("/{id}/answer")
    public CallView answer(@Context SecurityContext security, @PathParam("id") String id) {
        Leg mine = myLeg(security, id);
        return view(security, phone().answer(AgentSecurityContext.caller(security).agent().id(), mine.callId()));
    }

    /**
     * The REC button: an agent records calls they are on, supervisors any call. An automatic recording
     * can be paused (a card number) but not stopped (409, as any action that does not fit the call).
     */
    @POST
    @Path("/{id}/record")
    @Consumes(MediaType.APPLICATION_JSON)
    public CallView record(@Context SecurityContext security, @PathParam("id") String id, Record request) {
        RecordingAction action = recordingAction(request);
        AgentPrincipal caller = AgentSecurityContext.caller(security);
        // 403 rather than 404 for someone else's call: the contract for recording
        Call call = calls.find(CallLogResource.parseId(id)).filter(c -> c.state().isLive())
                .orElseThrow(() -> ApiException.notFound("no live call " + id));
        if (!caller.agent().role().includes(Role.SUPERVISOR) && ownLeg(caller, call).isEmpty()) {
            throw ApiException.forbidden("you are not on call " + id);
        }
        return view(security, calls.record(call.id(), action));
    }

    private static RecordingAction recordingAction(Record request) {
        if (request == null || request.action() == null) {
            throw ApiException.badRequest("action is required: start, stop, pause or resume");
        }
        return switch (request.action().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "start" -> RecordingAction.START;
            case "stop" -> RecordingAction.STOP;
            case "pause" -> RecordingAction.PAUSE;
            case "resume" -> RecordingAction.RESUME;
            default -> throw ApiException.badRequest("unknown action '" + request.action()
                    + "': use start, stop, pause or resume");
        };
    }

    /**
     * The panel's Screen on a call ringing for the agent: the caller goes to voicemail and the agent's
     * phone line hears them live, one way (409 without a line or a voicemail box).
     */
    @POST
    @Path("/{id}/screen")
    public CallView screen(@Context SecurityContext security, @PathParam("id") String id) {
        Leg mine = myLeg(security, id);
        return view(security, phone().screen(AgentSecurityContext.caller(security).agent().id(), mine.callId()));
    }

    /** Pick up while screening: a normal call from now on; the message keeps what was said so far. */
    @POST
    @Path("/{id}/pickup")
    public CallView pickUp(@Context SecurityContext security, @PathParam("id") String id) {
        AgentPrincipal caller = AgentSecurityContext.caller(security);
        Call call = visibleCall(caller, id);
        UUID me = caller.agent().id();
        UUID screening = call.voicemail().flatMap(v -> v.screeningLegId())
                .filter(legId -> call.leg(legId).flatMap(l -> l.party().agentId()).map(me::equals).orElse(false))
                .orElseThrow(() -> new ApiException(Response.Status.CONFLICT, "conflict",
                        "you are not screening call " + id));
        return view(security, calls.pickUp(screening));
    }

    /** Moves the agent's side of a live call to another of their devices; the other party notices nothing. */
    @POST
    @Path("/{id}/switch-device")
    @Consumes(MediaType.APPLICATION_JSON)
    public CallView switchDevice(@Context SecurityContext security, @PathParam("id") String id, DeviceSwitch request) {
        if (request == null || request.device() == null) {
            throw ApiException.badRequest("device is required: browser, sip or mobile");
        }
        AgentPrincipal caller = AgentSecurityContext.caller(security);
        Leg mine = myLeg(security, id);
        if (mine.state() != LegState.ANSWERED) {
            throw new ApiException(Response.Status.CONFLICT, "conflict", "call " + id + " is not connected to you yet");
        }
        UUID agentId = caller.agent().id();
        return switch (request.device()) {
            case "browser" -> view(security, phone().takeCall(agentId, mine.callId()));
            case "sip" -> switched(security, calls.switchDevice(mine.id(), LegKind.SIP, Party.agent(caller.agent())));
            case "mobile" -> switched(security, calls.switchDevice(mine.id(), LegKind.SIP, Party.external(mobileOf(agentId, id))));
            default -> throw ApiException.badRequest("device must be browser, sip or mobile");
        };
    }

    private CallView switched(SecurityContext security, Leg fresh) {
        return view(security, calls.find(fresh.callId()).orElseThrow());
    }

    private E164 mobileOf(UUID agentId, String id) {
        return agentRepository.devices(agentId).stream().filter(d -> d.kind() == DeviceKind.EXTERNAL)
                .map(d -> d.address()).filter(E164::isValid).map(E164::of).findFirst()
                .orElseThrow(() -> new ApiException(Response.Status.CONFLICT, "conflict",
                        "you have no mobile number to move call " + id + " to"));
    }

    private PhoneLines phone() {
        return phoneLines.get().orElseThrow(() -> new ApiException(Response.Status.SERVICE_UNAVAILABLE, "unavailable",
                "the browser phone is not running; try again shortly"));
    }

    @POST
    @Path("/{id}/hold")
    public CallView hold(@Context SecurityContext security, @PathParam("id") String id) {
        return onOtherParties(security, id, calls::hold);
    }

    @POST
    @Path("/{id}/resume")
    public CallView resume(@Context SecurityContext security, @PathParam("id") String id) {
        return onOtherParties(security, id, calls::resume);
    }

    @POST
    @Path("/{id}/mute")
    public CallView mute(@Context SecurityContext security, @PathParam("id") String id) {
        return view(security, calls.mute(myLeg(security, id).id(), true));
    }

    @POST
    @Path("/{id}/unmute")
    public CallView unmute(@Context SecurityContext security, @PathParam("id") String id) {
        return view(security, calls.mute(myLeg(security, id).id(), false));
    }

    /** Blind: the other party is offered to the target now. Warm: answers the consultation call. */
    @POST
    @Path("/{id}/transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    public CallView transfer(@Context SecurityContext security, @PathParam("id") String id, Transfer transfer) {
        if (transfer == null || transfer.target() == null || transfer.target().isBlank()) {
            throw ApiException.badRequest("target is required: an extension, a number or a group number");
        }
        String mode = transfer.mode() == null ? "blind" : transfer.mode();
        Leg mine = myLeg(security, id);
        Party target = partyFor(transfer.target());
        return switch (mode) {
            case "blind" -> {
                Leg offered = calls.blindTransfer(mine.id(), LegKind.SIP, target);
                yield view(security, calls.find(offered.callId()).orElseThrow());
            }
            case "warm" -> view(security, calls.consult(mine.id(), LegKind.SIP, target));
            default -> throw ApiException.badRequest("mode must be blind or warm");
        };
    }

    /** Warm transfer, step two, on the consultation call: join the consulted party to the held one. */
    @POST
    @Path("/{id}/complete-transfer")
    public CallView completeTransfer(@Context SecurityContext security, @PathParam("id") String id) {
        Call consultation = consultation(security, id);
        return view(security, calls.completeTransfer(consultation.id()));
    }

    @POST
    @Path("/{id}/cancel-transfer")
    public CallView cancelTransfer(@Context SecurityContext security, @PathParam("id") String id) {
        Call consultation = consultation(security, id);
        return view(security, calls.cancelTransfer(consultation.id()));
    }

    private Call consultation(SecurityContext security, String id) {
        Call call = visibleCall(AgentSecurityContext.caller(security), id);
        if (call.consultOf().isEmpty()) {
            throw new ApiException(Response.Status.CONFLICT, "conflict",
                    "call " + id + " is not a transfer consultation");
        }
        return call;
    }

    private Party partyFor(String dialed) {
        Route route = numberPlan.route(dialed);
        if (route instanceof Route.ToAgent a) {
            return Party.agent(a.agent());
        }
        if (route instanceof Route.ToTrunk t) {
            return Party.external(t.number());
        }
        if (route instanceof Route.ToGroup g) {
            // the group's first available member, as its strategy orders them
            return g.offerOrder().stream().findFirst()
                    .map(Party::agent)
                    .orElseThrow(() -> new ApiException(Response.Status.CONFLICT, "conflict",
                            "nobody in group " + g.group().name() + " is available to take the call"));
        }
        throw ApiException.badRequest("cannot transfer to '" + dialed + "': " + ((Route.Unroutable) route).reason());
    }

    /**
     * The panel's notes, subject, picked contact and related case or opportunity, kept on the live call:
     * every agent on it sees them (a transferred call arrives with them), and they become the call log's.
     */
    @PUT
    @Path("/{id}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    public CallView notes(@Context SecurityContext security, @PathParam("id") String id, Notes notes) {
        if (notes == null) {
            throw ApiException.badRequest("subject, notes, contactId and relatedItemId are expected");
        }
        Leg mine = myLeg(security, id);
        return view(security, calls.annotate(mine.callId(), new CallNotes(text(notes.subject()), text(notes.notes()),
                reference(notes.contactId(), "contactId"), reference(notes.relatedItemId(), "relatedItemId"))));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static Optional<String> reference(String id, String field) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        if (id.length() > 255) {
            throw ApiException.badRequest(field + " is longer than 255 characters");
        }
        return Optional.of(id.strip());
    }

    private CallView view(SecurityContext security, Call call) {
        return CallView.of(call, crm::url, Optional.of(AgentSecurityContext.caller(security).agent().id()));
    }

    private Leg myLeg(SecurityContext security, String id) {
        AgentPrincipal caller = AgentSecurityContext.caller(security);
        Call call = visibleCall(caller, id);
        return ownLeg(caller, call).orElseThrow(() -> ApiException.forbidden("you are not on call " + id));
    }

    /** Applies a leg operation (hold, resume) to everyone on the call but the caller; answers the result. */
    private CallView onOtherParties(SecurityContext security, String id, Function<UUID, Call> operation) {
        Leg mine = myLeg(security, id);
        Call call = calls.find(mine.callId()).orElseThrow();
        UUID me = AgentSecurityContext.caller(security).agent().id();
        List<Leg> others = call.liveLegs().stream()
                .filter(l -> !l.party().agentId().equals(Optional.of(me)) && l.state() == LegState.ANSWERED).toList();
        if (others.isEmpty()) {
            throw new ApiException(Response.Status.CONFLICT, "conflict", "nobody else is on call " + id);
        }
        for (Leg other : others) {
            call = operation.apply(other.id());
        }
        return view(security, call);
    }

    private Call visibleCall(AgentPrincipal caller, String id) {
        UUID callId = CallLogResource.parseId(id);
        return calls.find(callId)
                .filter(c -> visible(caller, c))
                .filter(c -> c.state().isLive())
                .orElseThrow(() -> ApiException.notFound("no live call " + id));
    }

    /** The agent's leg: the connected one, else one still ringing on any of their devices. */
    private static Optional<Leg> ownLeg(AgentPrincipal caller, Call call) {
        List<Leg> mine = ownLegs(caller, call);
        return mine.stream().filter(l -> l.state() == LegState.ANSWERED).findFirst().or(() -> mine.stream().findFirst());
    }

    private static List<Leg> ownLegs(AgentPrincipal caller, Call call) {
        UUID me = caller.agent().id();
        return call.liveLegs().stream().filter(l -> l.party().agentId().map(me::equals).orElse(false)).toList();
    }

    private static boolean visible(AgentPrincipal caller, Call call) {
        if (caller.agent().role().includes(Role.SUPERVISOR)) {
            return true;
        }
        var me = caller.agent().id();
        return call.legs().stream().anyMatch(l -> l.party().agentId().map(me::equals).orElse(false));
    }
}
