package org.switchboard.sip.internal;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallOriginator;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.MediaService;
import org.switchboard.api.media.MediaUnavailableException;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.Route;
import org.switchboard.api.registration.Registration;
import org.switchboard.api.registration.RegistrationRepository;

/**
 * The back-to-back user agent (behind {@code b2bua=true}): every call is a call in core, every leg
 * has its audio anchored on its own media endpoint, and core's decisions come back through
 * {@link LegDriver}. New calls are {@link CallerSide}'s, our INVITEs the {@link Dialer}'s, requests in
 * established calls {@link InDialog}'s. SIP work for the driver runs on the SIP workers, never on
 * core's thread. What each leg's party hears is core's media plan: a leg hands core its endpoint once
 * its far end is up ({@link SipLegs#attach}). Also the {@link CallOriginator}: click-to-call.
 */
final class B2bua implements LegDriver, CallOriginator {
    private static final Logger LOG = LoggerFactory.getLogger(B2bua.class);

    private final CallServices services;
    private final RegistrationRepository registrations;
    private final TrunkRegistry trunks;
    private final Executor workers;
    private final Clock clock;
    private final SipLegs legs;
    private final SipSignals signals;
    private final Dialer dialer;
    private final CallerSide callerSide;
    private final InDialog inDialog;
    private final SessionTimers sessionTimers;
    private final RingTimeouts ringTimeouts;

    B2bua(CallServices services, RegistrationRepository registrations, TrunkRegistry trunks, DigestGuard guard,
            String realm, String domain, Duration ringTimeout, SessionTimers.Settings sessionTimerSettings,
            Supplier<SipEndpoint> sip, Executor workers, ScheduledExecutorService timer, Clock clock) {
        this.services = services;
        this.registrations = registrations;
        this.trunks = trunks;
        this.workers = workers;
        this.clock = clock;
        this.legs = new SipLegs(services);
        this.signals = new SipSignals(sip);
        this.ringTimeouts = new RingTimeouts(services, ringTimeout, timer, workers);
        this.sessionTimers = new SessionTimers(sessionTimerSettings, timer, this::run, signals, this::sessionExpired);
        this.dialer = new Dialer(signals, legs, services, domain, sessionTimers);
        this.callerSide = new CallerSide(services, guard, realm, domain, legs, signals, ringTimeouts, sessionTimers);
        this.inDialog = new InDialog(services, legs, signals, sessionTimers);
    }

    /** Live legs, for tests and diagnostics. */
    int liveLegs() {
        return legs.size();
    }

    /** Live calls through a trunk, for {@code sb:trunks}. */
    int callsThrough(String trunk) {
        return legs.throughTrunk(trunk);
    }

    SipLegs legs() {
        return legs;
    }

    // ---- requests ---------------------------------------------------------------------

    void invite(IncomingRequest in) throws ParseException {
        if (((ToHeader) in.request().getHeader(ToHeader.NAME)).getTag() != null) {
            inDialog.refresh(in);
        } else {
            callerSide.invite(in);
        }
    }

    void update(IncomingRequest in) throws ParseException {
        inDialog.refresh(in);
    }

    void bye(IncomingRequest in) {
        inDialog.bye(in);
    }

    void cancel(IncomingRequest in) {
        callerSide.cancel(in);
    }

    void refer(IncomingRequest in) throws ParseException {
        inDialog.refer(in);
    }

    void ack(IncomingRequest in) {
        inDialog.ack(in);
    }

    /** A 2xx retransmitted after its transaction ended: it did not get our ACK, so send it again. */
    void strayResponse(ResponseEvent event) {
        if (event.getResponse().getStatusCode() / 100 != 2 || event.getDialog() == null
                || !(event.getDialog().getApplicationData() instanceof SipLeg leg)) {
            return;
        }
        Request ack;
        synchronized (leg) {
            ack = leg.branches.stream().filter(b -> b.dialog == event.getDialog() && b.ack != null).map(b -> b.ack)
                    .findFirst().orElse(null);
        }
        if (ack != null) {
            try {
                event.getDialog().sendAck(ack);
            } catch (Exception e) {
                LOG.debug("sip: {} re-ACK failed: {}", leg, e.getMessage());
            }
        }
    }

    /**
     * The far end never acknowledged our 2xx (jain-sip gave up after 64*T1): it has gone, typically a
     * caller that cancelled or timed out while we answered. End the leg as failed, or it stays up forever.
     */
    void ackNeverCame(Dialog dialog) {
        if (dialog.getApplicationData() instanceof SipLeg leg && SipLegs.markEnded(leg)) {
            LOG.info("sip: {} never acknowledged our answer; ending it", leg);
            signals.bye(dialog, leg);
            legs.ended(leg, EndReason.FAILED);
        }
    }

    /** RFC 4028: the leg's session was not refreshed in time; core ends the call, so the other leg gets its BYE. */
    private void sessionExpired(SipLeg leg) {
        if (SipLegs.markEnded(leg)) {
            signals.bye(leg.dialog, leg);
            legs.ended(leg, EndReason.SESSION_EXPIRED);
        }
    }

    // ---- LegDriver: what core decided -----------------------------------------------------

    @Override
    public LegKind kind() {
        return LegKind.SIP;
    }

    @Override
    public void dial(Call call, Leg leg) {
        run(() -> dialNow(call, leg));
    }

    private void dialNow(Call call, Leg leg) {
        Optional<MediaService> media = services.media();
        if (media.isEmpty()) {
            legs.reportEnded(call.id(), leg.id(), EndReason.FAILED);
            return;
        }
        Party party = leg.party();
        Optional<Trunk> trunk = Optional.empty();
        List<Registration> phones = List.of();
        if (party.agentId().isPresent()) {
            phones = registrations.active(party.agentId().get(), clock.instant());
            if (phones.isEmpty()) {
                legs.reportEnded(call.id(), leg.id(), EndReason.NO_ANSWER);
                return;
            }
        } else {
            trunk = party.number().flatMap(this::trunkFor);
            if (trunk.isEmpty()) {
                legs.reportEnded(call.id(), leg.id(), EndReason.UNROUTABLE);
                return;
            }
        }
        MediaEndpoint endpoint;
        try {
            endpoint = media.get().allocate(leg.id());
        } catch (MediaUnavailableException e) {
            legs.reportEnded(call.id(), leg.id(), EndReason.FAILED);
            return;
        }
        SipLeg sipLeg = SipLeg.dialed(call.id(), leg.id(), SipLeg.Side.CALLEE, endpoint);
        legs.add(sipLeg);
        if (trunk.isPresent()) {
            dialer.ringTrunk(sipLeg, trunk.get(), party.number().orElseThrow(), call);
        } else {
            dialer.ringContacts(sipLeg, phones, presented(call));
        }
    }

    /** Who a ringing phone shows: the caller ID for calls from outside, else the calling agent. */
    private static Party presented(Call call) {
        if (call.direction() == CallDirection.INBOUND) {
            return call.callerId().map(number -> new Party(number.value(), Optional.of(number), Optional.empty(),
                    call.caller().displayName())).orElse(call.caller());
        }
        return call.caller();
    }

    private Optional<Trunk> trunkFor(E164 number) {
        return services.plan().map(plan -> plan.route(number.value()))
                .filter(Route.ToTrunk.class::isInstance).map(Route.ToTrunk.class::cast)
                .flatMap(route -> trunks.byName(route.trunk()));
    }

    /** A callee rings, on a phone or in a browser: the caller hears 180 Ringing, once. */
    @Override
    public void alerting(Call call, Leg caller) {
        run(() -> legs.get(caller.id()).ifPresent(sipLeg -> {
            synchronized (sipLeg) {
                // under the caller's lock: a 180 never follows our 200 (connect sets answered)
                if (sipLeg.provisional || sipLeg.ended || sipLeg.answered || sipLeg.weDialed()) {
                    return;
                }
                sipLeg.provisional = true;
                signals.respond(sipLeg, Response.RINGING, null);
            }
        }));
    }

    @Override
    public void connect(Call call, Leg leg) {
        run(() -> legs.get(leg.id()).ifPresent(caller -> {
            RingTimeouts.disarm(caller);
            if (caller.weDialed()) {
                return; // the agent's phone for click-to-call is up and attached since the agent answered
            }
            synchronized (caller) {
                if (caller.ended || caller.answered) {
                    return;
                }
                caller.answered = true;
                String sdp = caller.lateOffer ? Sdp.offer(caller.endpoint, caller.sdpVersion)
                        : Sdp.answer(caller.endpoint, caller.codec, caller.telephoneEvent, caller.sdpVersion);
                signals.respond(caller, Response.OK, sdp, callerSide.answerHeaders(caller));
            }
            legs.attach(caller);
        }));
    }

    @Override
    public void release(Call call, Leg leg, EndReason reason) {
        run(() -> legs.get(leg.id()).ifPresent(released -> {
            boolean answered;
            List<Branch> pending;
            synchronized (released) {
                if (released.ended) {
                    return;
                }
                released.ended = true;
                answered = released.answered;
                pending = released.pendingBranches();
                pending.forEach(branch -> signals.cancel(branch, reason));
            }
            if (!answered && !released.weDialed()) {
                signals.respond(released, statusFor(reason), null);
            } else if (answered) {
                if (released.referred) {
                    inDialog.notifyTransfer(released, "SIP/2.0 200 OK", true);
                }
                signals.bye(released.dialog, released);
            }
            legs.finish(released);
        }));
    }

    @Override
    public void hold(Call call, Leg leg, boolean held) {
        run(() -> {
            legs.followIntoCall(call);
            legs.get(leg.id()).ifPresent(sipLeg -> inDialog.signalHold(sipLeg, held));
        });
    }

    // ---- CallOriginator ---------------------------------------------------------------------

    @Override
    public Call originate(UUID agentId, String target, Optional<E164> callerId) {
        CallService calls = services.calls().orElseThrow(() -> new IllegalCallStateException("call control is starting"));
        MediaService media = services.media().orElseThrow(() -> new IllegalCallStateException("media is starting"));
        NumberPlan plan = services.plan().orElseThrow(() -> new IllegalCallStateException("routing is starting"));
        List<Registration> phones = registrations.active(agentId, clock.instant());
        if (phones.isEmpty()) {
            throw new IllegalCallStateException("the agent has no registered phone to ring");
        }
        Route route = routable(plan, target);
        boolean outside = route instanceof Route.ToTrunk;
        Optional<E164> presented = outside || callerId.isPresent()
                ? plan.callerIdFor(agentId, callerId) : Optional.empty();
        Party agent = services.agents().flatMap(agents -> agents.find(agentId))
                .map(status -> Party.agent(status.agent()))
                .orElseGet(() -> Party.agent(agentId, phones.get(0).contact(), ""));
        Call call = calls.open(outside ? CallDirection.OUTBOUND : CallDirection.INTERNAL, LegKind.SIP, agent, target,
                presented);
        UUID callerLeg = call.legs().get(0).id();
        MediaEndpoint endpoint;
        try {
            endpoint = media.allocate(callerLeg);
        } catch (MediaUnavailableException e) {
            legs.reportEnded(call.id(), callerLeg, EndReason.FAILED);
            throw new IllegalCallStateException("no media port is free");
        }
        SipLeg agentPhone = SipLeg.dialed(call.id(), callerLeg, SipLeg.Side.CALLER, endpoint);
        agentPhone.onAgentAnswered = () -> agentAnswered(agentPhone, route);
        legs.add(agentPhone);
        ringTimeouts.arm(agentPhone);
        Party shown = new Party(target, CallerSide.e164(target).filter(n -> target.startsWith("+")), Optional.empty(),
                "Call to " + target);
        run(() -> dialer.ringContacts(agentPhone, phones, shown));
        LOG.info("sip: call={} click-to-call by agent {} to {}", call.id(), agentId, target);
        return call;
    }

    /** The agent picked up their phone: core plays them ringback while the target is dialed. */
    private void agentAnswered(SipLeg agentPhone, Route route) {
        legs.attach(agentPhone);
        RingTimeouts.disarm(agentPhone);
        if (!(route instanceof Route.ToGroup)) {
            ringTimeouts.arm(agentPhone);
        }
        services.calls().ifPresent(calls -> {
            try {
                calls.route(agentPhone.callId, route);
            } catch (IllegalCallStateException e) {
                LOG.debug("sip: {} ended before the target was dialed: {}", agentPhone, e.getMessage());
            }
        });
    }

    private static Route routable(NumberPlan plan, String target) {
        Route route = plan.route(target);
        if (route instanceof Route.Unroutable unroutable) {
            throw new IllegalArgumentException("cannot call " + target + ": " + unroutable.reason());
        }
        return route;
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void run(Runnable task) {
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("sip: leg driver task failed: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("sip: workers stopped, leg driver task dropped");
        }
    }

    static EndReason reasonOf(int status) {
        return switch (status) {
            case 486, 600 -> EndReason.BUSY;
            case 603 -> EndReason.REJECTED;
            case 408, 480, 487 -> EndReason.NO_ANSWER;
            case 404, 484, 604 -> EndReason.UNROUTABLE;
            default -> EndReason.FAILED;
        };
    }

    static int statusFor(EndReason reason) {
        return switch (reason) {
            case CANCELLED -> Response.REQUEST_TERMINATED;
            case BUSY -> Response.BUSY_HERE;
            case REJECTED -> Response.DECLINE;
            case UNROUTABLE -> Response.NOT_FOUND;
            case FAILED -> Response.SERVER_INTERNAL_ERROR;
            case SHUTDOWN -> Response.SERVICE_UNAVAILABLE;
            default -> Response.TEMPORARILY_UNAVAILABLE;
        };
    }
}
