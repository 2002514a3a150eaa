package org.switchboard.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallNotFoundException;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;
import org.switchboard.api.call.Party;
import org.switchboard.api.event.Topics;
import org.switchboard.api.recording.Recording;

/**
 * How a change is applied to calls: under the call's lock, then its events are published (still
 * locked, so they leave in order), then the adapters are told and an ended call is retired and
 * logged. Also the few mutations every rule needs (offer, release, hold, end).
 */
final class CallChanges {
    private static final Logger LOG = LoggerFactory.getLogger(CallChanges.class);

    @FunctionalInterface
    interface LegChange<T> {
        T apply(LiveCall call, Leg leg, Effects fx);
    }

    final CallRegistry registry = new CallRegistry();
    final MediaWiring media = new MediaWiring();
    final RecordingRows recordingRows;
    final Clock clock;
    private final LegDrivers drivers;
    private final CallEvents events;
    private final CallLogRecorder recorder;

    CallChanges(Clock clock, LegDrivers drivers, CallEvents events, CallLogRecorder recorder, RecordingRows recordingRows) {
        this.clock = clock;
        this.recordingRows = recordingRows;
        this.drivers = drivers;
        this.events = events;
        this.recorder = recorder;
    }

    LiveCall call(UUID callId) {
        return registry.get(callId).orElseThrow(() -> new CallNotFoundException("no call " + callId));
    }

    /** The call if it is still live: for timers that fire after it may have ended. */
    Optional<LiveCall> ifLive(UUID callId) {
        return registry.get(callId);
    }

    /** Runs a change on the call holding the leg, looking again if a warm transfer moved the leg meanwhile. */
    <T> T onLeg(UUID legId, LegChange<T> op) {
        for (int attempt = 0; attempt < 3; attempt++) {
            LiveCall call = registry.byLeg(legId).orElseThrow(() -> new CallNotFoundException("no leg " + legId));
            Optional<T> result = change(call, fx -> call.leg(legId).map(leg -> op.apply(call, leg, fx)));
            if (result.isPresent()) {
                return result.get();
            }
        }
        throw new CallNotFoundException("leg " + legId + " keeps moving between calls");
    }

    <T> T change(LiveCall call, Function<Effects, T> op) {
        Effects fx = new Effects();
        T result;
        Call after;
        call.lock.lock();
        try {
            result = op.apply(fx);
            after = publish(call, fx);
        } finally {
            call.lock.unlock();
        }
        settle(call, after, fx);
        return result;
    }

    /** A change to two calls at once (warm transfer); locks in id order so two of them cannot deadlock. */
    <T> T change(LiveCall first, LiveCall second, BiFunction<Effects, Effects, T> op) {
        Effects fx1 = new Effects();
        Effects fx2 = new Effects();
        boolean firstLocksFirst = first.id.compareTo(second.id) < 0;
        LiveCall a = firstLocksFirst ? first : second;
        LiveCall b = firstLocksFirst ? second : first;
        T result;
        Call after1;
        Call after2;
        a.lock.lock();
        b.lock.lock();
        try {
            result = op.apply(fx1, fx2);
            after1 = publish(first, fx1);
            after2 = publish(second, fx2);
        } finally {
            b.lock.unlock();
            a.lock.unlock();
        }
        settle(first, after1, fx1);
        settle(second, after2, fx2);
        return result;
    }

    Call snapshot(LiveCall call) {
        call.lock.lock();
        try {
            return call.snapshot();
        } finally {
            call.lock.unlock();
        }
    }

    Leg offer(LiveCall call, LegKind kind, Party callee) {
        Leg leg = call.addLeg(kind, LegRole.CALLEE, callee, LegState.DIALING, clock.instant());
        registry.indexLeg(leg);
        return leg;
    }

    /**
     * Offers the call to a party core chose itself (transfers, hunts, routes): the adapters must ring
     * it. An agent is offered it on every device a driver reaches, the kind asked for first.
     *
     * @return the leg of the kind asked for
     */
    Leg offerAndDial(LiveCall call, LegKind kind, Party callee, Effects fx) {
        List<LegKind> kinds = callee.agentId().map(agent -> drivers.kindsReaching(agent, kind)).orElse(List.of(kind));
        List<Leg> offered = kinds.stream().map(k -> offer(call, k, callee)).toList();
        offered.forEach(leg -> fx.driver(c -> drivers.dial(c, leg)));
        return offered.get(0);
    }

    /** Has the leg's adapter ring it (after the change, like every adapter call). */
    void dial(Call call, Leg leg) {
        drivers.dial(call, leg);
    }

    /** Ends a leg that is still up at its far end. */
    void release(LiveCall call, Leg leg, EndReason reason, Effects fx) {
        Leg ended = call.end(leg, reason, clock.instant());
        fx.driver(c -> drivers.release(c, ended, reason));
    }

    /** The first callee rings: the caller of a call still ringing hears of it (SIP 180), once. */
    void alerting(LiveCall call, Effects fx) {
        long ringing = call.offeredLegs().stream().filter(l -> l.state() == LegState.RINGING).count();
        if (call.state == CallState.RINGING && ringing == 1) {
            Leg caller = call.callerLeg();
            fx.driver(c -> drivers.alerting(c, caller));
        }
    }

    void connect(Leg leg, Effects fx) {
        fx.driver(c -> drivers.connect(c, leg));
    }

    void sendDtmf(Leg leg, String digits, Effects fx) {
        fx.driver(c -> media.sendDtmf(leg.id(), digits));
    }

    /** The plan mutes the leg's endpoint; its adapter need not hear of it. */
    void setMuted(LiveCall call, Leg leg, boolean muted) {
        call.mute(leg, muted);
    }

    void setHeld(LiveCall call, Leg leg, boolean held, Effects fx) {
        Leg changed = call.hold(leg, held);
        fx.driver(c -> drivers.hold(c, changed, held));
    }

    /**
     * Media starts capturing once the target's leg has its endpoint; only then is the recording on
     * the call and its row saved as RECORDING (a call that ends first leaves no empty recording).
     */
    void beginCapture(LiveCall call, CaptureTarget target) {
        call.capture = Optional.of(target);
    }

    /**
     * Stops the running capture (media finishes the file while the change is published) and, once it
     * is complete, hands the recording to the recording bundle as RAW.
     */
    void finishCapture(LiveCall call, Effects fx) {
        call.capture.filter(target -> media.isCapturing(call.id, target.recordingId())).ifPresent(target -> {
            Recording captured = target.recording().captured(Duration.between(target.startedAt(), clock.instant()));
            fx.driver(c -> recordingRows.save(captured));
        });
        call.capture = Optional.empty();
        call.recording = Optional.empty();
    }

    /** Ends the call and releases every leg still up with the call's reason. */
    void endCall(LiveCall call, EndReason reason, Effects fx) {
        call.stopRinging();
        finishCapture(call, fx);
        call.greeting = Optional.empty();
        call.liveLegs().forEach(leg -> release(call, leg, reason, fx));
        call.state = CallState.ENDED;
        call.endedAt = Optional.of(clock.instant());
        call.endReason = Optional.of(reason);
        call.consultation = Optional.empty();
        fx.event(Topics.CALL_ENDED);
        fx.ended = true;
    }

    private Call publish(LiveCall call, Effects fx) {
        Call after = call.snapshot();
        fx.notices.forEach(n -> events.publish(n.topic(), after, n.legId(), n.leaving()));
        media.apply(after, call.transferorLegId.map(media::attachment).orElse(MediaPlan.PENDING), lentLeg(call),
                call.greeting);
        if (media.capture(call.id, call.capture)) {
            CaptureTarget started = call.capture.orElseThrow();
            call.recordingIds.add(started.recordingId());
            recordingRows.save(started.recording());
        }
        return after;
    }

    /** The transferor's leg while its live consultation talks through the leg's endpoint. */
    private Optional<UUID> lentLeg(LiveCall call) {
        return call.consultation.flatMap(registry::get).filter(LiveCall::isLive)
                .flatMap(consultation -> consultation.transferorLegId);
    }

    private void settle(LiveCall call, Call after, Effects fx) {
        fx.driverCalls.forEach(d -> d.accept(after));
        if (fx.ended) {
            registry.retire(call, clock.instant());
            // every call is in the call log: a line per call would cost a log write per call at carrier rates
            LOG.debug("call={} ended: {} from {} to {}", after.id(), after.endReason().orElseThrow(),
                    CallEvents.from(after), after.dialed());
            // a consultation is part of the transfer of the call it consulted on: one CRM activity per customer call
            if (after.consultOf().isEmpty()) {
                recorder.record(CallLogs.of(after));
            }
        }
    }
}
