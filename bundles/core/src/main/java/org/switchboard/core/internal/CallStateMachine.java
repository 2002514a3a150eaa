package org.switchboard.core.internal;

import static org.switchboard.core.internal.CallRules.hangupReason;
import static org.switchboard.core.internal.CallRules.illegal;
import static org.switchboard.core.internal.CallRules.otherParty;
import static org.switchboard.core.internal.CallRules.requireBridged;
import static org.switchboard.core.internal.CallRules.requireCallee;
import static org.switchboard.core.internal.CallRules.requireLive;
import static org.switchboard.core.internal.CallRules.requireState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallNotes;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;
import org.switchboard.api.call.Party;
import org.switchboard.api.call.RecordingAction;
import org.switchboard.api.crm.CrmConnectors;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.event.Topics;
import org.switchboard.api.media.MediaService;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.Route;
import org.switchboard.api.recording.RecordingRepository;

/**
 * The call state machine: the rules of each operation. How a change is locked, published and
 * passed to the adapters is {@link CallChanges}; warm transfers live in {@link WarmTransfers}.
 */
// immediate: live calls must survive the last client (REST, console) going away. The bind methods are
// public so that the adapters' tests (sip) can drive the real state machine instead of a copy of it.
@Component(service = {CallService.class, LegMedia.class}, immediate = true,
        configurationPid = "org.switchboard.core.voicemail")
@Designate(ocd = VoicemailSettings.Config.class)
public final class CallStateMachine implements CallService, LegMedia {
    private static final Logger LOG = LoggerFactory.getLogger(CallStateMachine.class);
    private static final Pattern DTMF = Pattern.compile("[0-9*#A-Da-d]{1,32}");
    /** How long a call routed to one agent or out through the trunk may ring before it ends unanswered. */
    static final Duration RING_TIMEOUT = Duration.ofSeconds(60);

    private final LegDrivers drivers = new LegDrivers();
    private final EventSink sink;
    private final CallChanges changes;
    private final CallRegistry registry;
    private final Clock clock;
    private final WarmTransfers warmTransfers;
    private final Hunts hunts;
    private final RingTimer ringTimer;
    private final CallerMatcher matcher;
    private final CallRecordings recordings;
    private final Voicemails voicemails;
    private volatile boolean draining;
    /** Which numbers record every call; absent, only groups decide. */
    private volatile NumberPlan plan;

    @Activate
    public CallStateMachine(
            @Reference(name = "callLogRecorder") CallLogRecorder recorder,
            @Reference(name = "crmConnectors") CrmConnectors crm,
            VoicemailSettings.Config config) {
        this(recorder, Clock.systemUTC(), new ScheduledRingTimer(), new CallerMatcher(crm), VoicemailSettings.of(config),
                new RecordingRows(), EventSink.batched("switchboard-call-events"));
    }

    /**
     * With no CRM and no agent voicemail, so that a call an agent does not answer ends as SIP says
     * (tests of other bundles drive the real call state machine).
     */
    public CallStateMachine(CallLogRecorder recorder) {
        this(recorder, Clock.systemUTC(), new ScheduledRingTimer(), new CallerMatcher(new CrmConnectorRegistry()),
                VoicemailSettings.DEFAULTS.withoutAgentVoicemail(), new RecordingRows(), EventSink.immediate());
    }

    /** Tests: recording rows are saved and events posted on the caller's thread. */
    CallStateMachine(CallLogRecorder recorder, Clock clock, RingTimer ringTimer, CallerMatcher matcher,
            VoicemailSettings settings) {
        this(recorder, clock, ringTimer, matcher, settings, new RecordingRows(Runnable::run), EventSink.immediate());
    }

    CallStateMachine(CallLogRecorder recorder, Clock clock, RingTimer ringTimer, CallerMatcher matcher) {
        this(recorder, clock, ringTimer, matcher, VoicemailSettings.DEFAULTS);
    }

    private CallStateMachine(CallLogRecorder recorder, Clock clock, RingTimer ringTimer, CallerMatcher matcher,
            VoicemailSettings settings, RecordingRows recordingRows, EventSink sink) {
        this.clock = clock;
        this.sink = sink;
        this.matcher = matcher;
        this.ringTimer = ringTimer;
        this.changes = new CallChanges(clock, drivers, new CallEvents(sink, clock), recorder, recordingRows);
        this.registry = changes.registry;
        this.warmTransfers = new WarmTransfers(changes);
        this.recordings = new CallRecordings(changes);
        this.voicemails = new Voicemails(changes, ringTimer, new Greetings(), recordings, settings);
        this.hunts = new Hunts(changes, ringTimer, voicemails);
    }

    @Modified
    void modified(VoicemailSettings.Config config) {
        voicemails.configure(VoicemailSettings.of(config));
    }

    @Override
    public void setDraining(boolean draining) {
        if (this.draining != draining) {
            LOG.info(draining ? "Draining: new calls are refused, {} active calls may finish"
                    : "Drain lifted: new calls are accepted ({} active)", active().size());
        }
        this.draining = draining;
    }

    @Override
    public boolean isDraining() {
        return draining;
    }

    @Deactivate
    public void deactivate() {
        List<Call> live = active();
        live.forEach(c -> {
            try {
                hangup(c.id(), EndReason.SHUTDOWN);
            } catch (IllegalCallStateException e) {
                // ended meanwhile
            }
        });
        if (!live.isEmpty()) {
            LOG.warn("Call control stopped with {} live calls; they were ended", live.size());
        }
        matcher.close();
        changes.recordingRows.close();
        sink.close(); // after the hang-ups: their events are posted before the thread stops
        if (ringTimer instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("ring timer close: {}", e.toString());
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addLegDriver(LegDriver driver, Map<String, Object> properties) {
        drivers.add(driver, properties.get(LegDriver.KIND_PROPERTY));
    }

    public void removeLegDriver(LegDriver driver) {
        drivers.remove(driver);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void setMediaService(MediaService media) {
        changes.media.bind(media);
    }

    public void unsetMediaService(MediaService media) {
        changes.media.unbind(media);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void setNumberPlan(NumberPlan plan) {
        this.plan = plan;
    }

    public void unsetNumberPlan(NumberPlan plan) {
        if (this.plan == plan) {
            this.plan = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void setRecordingRepository(RecordingRepository repository) {
        changes.recordingRows.bind(repository);
    }

    public void unsetRecordingRepository(RecordingRepository repository) {
        changes.recordingRows.unbind(repository);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void setEventAdmin(EventAdmin eventAdmin) {
        sink.bind(eventAdmin);
    }

    public void unsetEventAdmin(EventAdmin eventAdmin) {
        sink.unbind(eventAdmin);
    }

    @Override
    public Call open(CallDirection direction, LegKind callerKind, Party caller, String dialed, Optional<E164> callerId) {
        if (draining) {
            throw new IllegalCallStateException("draining: no new calls are accepted");
        }
        LiveCall call = new LiveCall(direction, caller, dialed, callerId, clock.instant(), Optional.empty(), Optional.empty());
        Call opened = changes.change(call, fx -> {
            Leg leg = call.addLeg(callerKind, LegRole.CALLER, caller, LegState.RINGING, clock.instant());
            registry.add(call);
            registry.indexLeg(leg);
            fx.event(Topics.CALL_RINGING, leg.id());
            return call.snapshot();
        });
        LOG.debug("call={} opened {} from {} to {}", opened.id(), direction, CallEvents.from(opened), dialed);
        CallerMatcher.outsideNumber(opened).ifPresent(number -> matcher.match(number, contact -> matched(call, contact)));
        return opened;
    }

    /** The CRM knows the outside party: later events and the call log carry the contact. */
    private void matched(LiveCall call, CrmContact contact) {
        changes.change(call, fx -> {
            if (call.isLive() && call.contact.isEmpty()) {
                call.contact = Optional.of(contact);
                fx.event(Topics.CALL_MATCHED);
            }
            return null;
        });
    }

    @Override
    public Call annotate(UUID callId, CallNotes notes) {
        Objects.requireNonNull(notes, "notes");
        LiveCall consultOrCall = changes.call(callId);
        // a consultation is about the call being transferred: its notes are that call's
        LiveCall call = consultOrCall.consultOf.map(changes::call).orElse(consultOrCall);
        return changes.change(call, fx -> {
            requireLive(call);
            if (!call.notes.equals(notes)) {
                call.notes = notes;
                fx.event(Topics.CALL_NOTED);
            }
            return call.snapshot();
        });
    }

    @Override
    public Call record(UUID callId, RecordingAction action) {
        Objects.requireNonNull(action, "action");
        return recordings.apply(callId, action);
    }

    @Override
    public Call screen(UUID legId) {
        return voicemails.screen(legId);
    }

    @Override
    public Call pickUp(UUID legId) {
        return voicemails.pickUp(legId);
    }

    @Override
    public Call assignGroup(UUID callId, UUID groupId) {
        LiveCall call = changes.call(callId);
        return changes.change(call, fx -> {
            requireLive(call);
            call.groupId = Optional.of(groupId);
            return call.snapshot();
        });
    }

    @Override
    public Leg addLeg(UUID callId, LegKind kind, Party callee) {
        LiveCall call = changes.call(callId);
        return changes.change(call, fx -> {
            requireState(call, "offer the call", CallState.RINGING, CallState.TRANSFERRING);
            Leg leg = changes.offer(call, kind, callee);
            fx.event(Topics.CALL_RINGING, leg.id());
            return leg;
        });
    }

    @Override
    public Leg offer(UUID callId, LegKind kind, Party callee) {
        LiveCall call = changes.call(callId);
        return changes.change(call, fx -> offer(call, kind, callee, fx));
    }

    private Leg offer(LiveCall call, LegKind kind, Party callee, Effects fx) {
        requireState(call, "offer the call", CallState.RINGING, CallState.TRANSFERRING);
        Leg leg = changes.offerAndDial(call, kind, callee, fx);
        fx.event(Topics.CALL_RINGING, leg.id());
        return leg;
    }

    @Override
    public Call route(UUID callId, Route route) {
        NumberPlan numbers = plan;
        if (numbers != null && numbers.recordsEveryCall(changes.call(callId).dialed)) {
            LiveCall recorded = changes.call(callId);
            changes.change(recorded, fx -> {
                recorded.autoRecord = true;
                return null;
            });
        }
        if (route instanceof Route.ToGroup group) {
            return hunt(callId, group, LegKind.SIP);
        }
        Party party;
        if (route instanceof Route.ToAgent agent) {
            party = Party.agent(agent.agent());
        } else if (route instanceof Route.ToTrunk trunk) {
            party = Party.external(trunk.number());
        } else {
            throw new IllegalArgumentException("cannot route: " + ((Route.Unroutable) route).reason());
        }
        LiveCall call = changes.call(callId);
        changes.change(call, fx -> {
            if (route instanceof Route.ToAgent agent) {
                voicemails.boxForAgent(call, agent.agent().id(), agent.agent().displayName());
            }
            offer(call, LegKind.SIP, party, fx); // SIP: phones and the trunk; other devices join in offerAndDial
            // the task holds only the call's id; answering, voicemail or the end cancel it (LiveCall.stopRinging)
            UUID ringing = call.id;
            call.ringTimeout(ringTimer.schedule(voicemails.ringTime(call, RING_TIMEOUT),
                    () -> changes.ifLive(ringing).ifPresent(this::ringTimedOut)));
            return null;
        });
        return changes.snapshot(call);
    }

    /** Nobody answered a call routed to one party within {@link #RING_TIMEOUT} (a group hunt has its own timeouts). */
    private void ringTimedOut(LiveCall call) {
        changes.change(call, fx -> {
            if (call.state == CallState.RINGING && call.hunt.isEmpty()) {
                voicemails.divertOrEnd(call, EndReason.NO_ANSWER, fx);
            }
            return null;
        });
    }

    @Override
    public Leg switchDevice(UUID legId, LegKind kind, Party device) {
        return changes.onLeg(legId, (call, leg, fx) -> {
            requireBridged(call, leg, "switch the device of");
            if (call.switching.containsValue(legId)) {
                throw illegal("leg " + legId + " is already switching to another device");
            }
            Leg fresh = changes.offer(call, kind, device);
            call.switching.put(fresh.id(), legId);
            fx.driver(c -> changes.dial(c, fresh));
            LOG.debug("call={} leg={} switching to {} leg={}", call.id, legId, kind, fresh.id());
            return fresh;
        });
    }

    /** A device switch's new leg answered: it takes the old leg's place in the bridge. */
    private Call switched(LiveCall call, Leg fresh, UUID replaced, Effects fx) {
        call.switching.remove(fresh.id());
        Leg answered = call.answer(fresh, clock.instant());
        call.leg(replaced).filter(old -> old.state().isLive()).ifPresent(old -> {
            call.mute(answered, old.muted());
            changes.release(call, old, EndReason.SWITCHED, fx);
        });
        fx.event(Topics.CALL_SWITCHED, fresh.id());
        LOG.debug("call={} leg={} switched device, replacing leg={}", call.id, fresh.id(), replaced);
        return call.snapshot();
    }

    @Override
    public Call hunt(UUID callId, Route.ToGroup route, LegKind kind) {
        return hunts.start(callId, route, kind);
    }

    @Override
    public Call attachMedia(UUID legId, UUID endpointId) {
        Objects.requireNonNull(endpointId, "endpointId");
        return changes.onLeg(legId, (call, leg, fx) -> {
            if (!leg.state().isLive()) {
                throw illegal("leg " + legId + " has ended; no media can be attached to it");
            }
            changes.media.attach(legId, new MediaPlan.Attached(endpointId));
            voicemails.mediaAttached(call, legId);
            return call.snapshot();
        });
    }

    @Override
    public Call detachMedia(UUID legId) {
        return changes.onLeg(legId, (call, leg, fx) -> {
            if (!leg.state().isLive()) {
                throw illegal("leg " + legId + " has ended");
            }
            changes.media.attach(legId, MediaPlan.DETACHED);
            return call.snapshot();
        });
    }

    @Override
    public Call legRinging(UUID legId) {
        return changes.onLeg(legId, (call, leg, fx) -> {
            requireCallee(leg, "ring");
            if (leg.state() == LegState.DIALING) {
                call.ring(leg);
                changes.alerting(call, fx);
                fx.event(Topics.CALL_RINGING, legId);
            } else if (leg.state() != LegState.RINGING) {
                throw illegal("leg " + legId + " is " + leg.state() + " and cannot ring");
            }
            return call.snapshot();
        });
    }

    @Override
    public Call legAnswered(UUID legId) {
        return changes.onLeg(legId, (call, leg, fx) -> {
            requireCallee(leg, "answer");
            UUID replaced = call.switching.get(legId);
            if (replaced != null && leg.state().isLive() && leg.state() != LegState.ANSWERED) {
                return switched(call, leg, replaced, fx);
            }
            requireState(call, "answer", CallState.RINGING, CallState.TRANSFERRING);
            if (!call.offeredLegs().contains(leg)) {
                throw illegal("leg " + legId + " is " + leg.state() + " and cannot answer");
            }
            Instant now = clock.instant();
            Leg answered = call.answer(leg, now);
            call.stopRinging();
            call.offeredLegs().forEach(other -> changes.release(call, other, EndReason.ANSWERED_ELSEWHERE, fx));
            if (call.state == CallState.RINGING) {
                changes.connect(call.answer(call.callerLeg(), now), fx);
                call.answeredAt = Optional.of(now);
                call.state = CallState.ACTIVE;
                fx.event(Topics.CALL_ANSWERED, legId);
                recordings.startAutomatic(call, fx);
            } else {
                // blind transfer: the waiting party is bridged to the target and hears no more ringback
                call.bridgedLegs().stream().filter(Leg::held).forEach(held -> changes.setHeld(call, held, false, fx));
                call.state = CallState.ACTIVE;
                fx.event(Topics.CALL_ANSWERED, legId);
                fx.event(Topics.CALL_TRANSFERRED, legId);
            }
            LOG.debug("call={} leg={} answered", call.id, answered.id());
            return call.snapshot();
        });
    }

    @Override
    public Call legEnded(UUID legId, EndReason reason) {
        return changes.onLeg(legId, (call, leg, fx) -> {
            if (!leg.state().isLive()) {
                return call.snapshot(); // adapters may report an end we already caused
            }
            if (voicemails.screeningLegEnded(call, leg, reason)) {
                return call.snapshot(); // the caller's message goes on without the listener
            }
            if (call.switching.remove(legId) != null) {
                call.end(leg, reason, clock.instant()); // the switch failed: the call goes on on the old device
                return call.snapshot();
            }
            boolean wasBridged = leg.state() == LegState.ANSWERED;
            Leg ended = call.end(leg, reason, clock.instant());
            if (call.state == CallState.RINGING && leg.role() == LegRole.CALLER) {
                changes.endCall(call, EndReason.CANCELLED, fx);
            } else if (wasBridged) {
                changes.endCall(call, hangupReason(ended, reason), fx);
            } else {
                offerGone(call, legId, reason, fx);
            }
            return call.snapshot();
        });
    }

    @Override
    public Call decline(UUID legId) {
        return changes.onLeg(legId, (call, leg, fx) -> {
            requireCallee(leg, "decline");
            if (!call.offeredLegs().contains(leg)) {
                throw illegal("leg " + legId + " is " + leg.state() + "; only a ringing offer can be declined");
            }
            changes.release(call, leg, EndReason.REJECTED, fx);
            offerGone(call, legId, EndReason.REJECTED, fx);
            return call.snapshot();
        });
    }

    /**
     * An offered leg failed or was declined: while others still ring the call goes on, else the
     * next member of a hunt gets it, else it ends with that leg's reason.
     */
    private void offerGone(LiveCall call, UUID legId, EndReason reason, Effects fx) {
        if (call.offeredLegs().isEmpty() && !hunts.offerNext(call, fx)) {
            voicemails.divertOrEnd(call, reason, fx);
        } else {
            fx.event(call.state == CallState.TRANSFERRING ? Topics.CALL_TRANSFERRING : Topics.CALL_RINGING, legId);
        }
    }

    @Override
    public Call hangup(UUID callId, EndReason reason) {
        LiveCall call = changes.call(callId);
        return changes.change(call, fx -> {
            requireLive(call);
            changes.endCall(call, reason, fx);
            return call.snapshot();
        });
    }

    @Override
    public Optional<Duration> idle(UUID legId) {
        return changes.media.idle(legId);
    }

    @Override
    public Call hold(UUID legId) {
        return changes.onLeg(legId, (call, leg, fx) -> {
            requireBridged(call, leg, "hold");
            if (leg.held()) {
                throw illegal("leg " + legId + " is already on hold");
            }
            changes.setHeld(call, leg, true, fx);
            fx.event(Topics.CALL_HELD, legId);
            return call.snapshot();
        });
    }

    @Override
    public Call resume(UUID legId) {
        return changes.onLeg(legId, (call, leg, fx) -> {
            requireBridged(call, leg, "resume");
            if (!leg.held()) {
                throw illegal("leg " + legId + " is not on hold");
            }
            changes.setHeld(call, leg, false, fx);
            fx.event(Topics.CALL_RESUMED, legId);
            return call.snapshot();
        });
    }

    @Override
    public Call mute(UUID legId, boolean muted) {
        return changes.onLeg(legId, (call, leg, fx) -> {
            requireLive(call);
            if (leg.state() != LegState.ANSWERED) {
                throw illegal("leg " + legId + " is " + leg.state() + "; only a connected leg can be muted");
            }
            if (leg.muted() != muted) {
                changes.setMuted(call, leg, muted);
                fx.event(Topics.CALL_MUTED, legId);
            }
            return call.snapshot();
        });
    }

    @Override
    public Call sendDtmf(UUID legId, String digits) {
        if (digits == null || !DTMF.matcher(digits).matches()) {
            throw new IllegalArgumentException("DTMF digits are 0-9, *, # and A-D (1 to 32 of them), not '" + digits + "'");
        }
        return changes.onLeg(legId, (call, leg, fx) -> {
            requireBridged(call, leg, "send DTMF from");
            call.bridgedLegs().stream().filter(other -> !other.id().equals(legId))
                    .forEach(other -> changes.sendDtmf(other, digits.toUpperCase(Locale.ROOT), fx));
            return call.snapshot();
        });
    }

    @Override
    public Leg blindTransfer(UUID transferorLegId, LegKind targetKind, Party target) {
        return changes.onLeg(transferorLegId, (call, leg, fx) -> {
            requireBridged(call, leg, "transfer");
            otherParty(call, leg); // a transfer needs exactly one remaining party
            changes.release(call, leg, EndReason.TRANSFERRED, fx);
            Leg offered = changes.offerAndDial(call, targetKind, target, fx);
            call.state = CallState.TRANSFERRING;
            fx.event(Topics.CALL_TRANSFERRING, offered.id(), leg.party().agentId());
            LOG.debug("call={} leg={} blind transfer to {}", call.id, transferorLegId, target.address());
            return offered;
        });
    }

    @Override
    public Call consult(UUID transferorLegId, LegKind targetKind, Party target) {
        return warmTransfers.consult(transferorLegId, targetKind, target);
    }

    @Override
    public Call completeTransfer(UUID consultCallId) {
        return warmTransfers.complete(consultCallId);
    }

    @Override
    public Call cancelTransfer(UUID consultCallId) {
        return warmTransfers.cancel(consultCallId);
    }

    @Override
    public Optional<Call> find(UUID callId) {
        return registry.get(callId).map(changes::snapshot);
    }

    @Override
    public Optional<Call> findByLeg(UUID legId) {
        return registry.byLeg(legId).map(changes::snapshot);
    }

    @Override
    public List<Call> active() {
        return registry.all().stream()
                .sorted(Comparator.comparing((LiveCall c) -> c.createdAt).thenComparingLong(c -> c.sequence))
                .map(changes::snapshot)
                .filter(c -> c.state().isLive())
                .toList();
    }
}
