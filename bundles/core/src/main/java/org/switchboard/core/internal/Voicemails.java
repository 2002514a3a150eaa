package org.switchboard.core.internal;

import static org.switchboard.core.internal.CallRules.illegal;
import static org.switchboard.core.internal.CallRules.requireCallee;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.CallVoicemail;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegState;
import org.switchboard.api.call.Party;
import org.switchboard.api.call.VoicemailBox;
import org.switchboard.api.event.Topics;
import org.switchboard.api.media.AudioClip;
import org.switchboard.api.media.CaptureLayout;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingStorage;

/**
 * Voicemail and call screening. A call nobody answers goes to its box (the agent's for a direct
 * call, the group's when the group has voicemail): the caller is answered by an internal voicemail
 * leg, hears the greeting and the beep, and what they say is captured until they hang up, fall
 * silent or reach the maximum length. Screening sends the call there at the agent's click while the
 * agent's leg listens; picking up ends the message (it keeps what was said) and bridges the agent.
 */
final class Voicemails {
    private static final Logger LOG = LoggerFactory.getLogger(Voicemails.class);
    private static final Duration WATCH_EVERY = Duration.ofSeconds(1);

    private final CallChanges changes;
    private final RingTimer timer;
    private final Greetings greetings;
    private final CallRecordings recordings;
    private volatile VoicemailSettings settings;

    Voicemails(CallChanges changes, RingTimer timer, Greetings greetings, CallRecordings recordings,
            VoicemailSettings settings) {
        this.changes = changes;
        this.timer = timer;
        this.greetings = greetings;
        this.recordings = recordings;
        this.settings = settings;
    }

    void configure(VoicemailSettings settings) {
        this.settings = settings;
    }

    VoicemailSettings settings() {
        return settings;
    }

    /** A call to one agent rings this long before it goes to their voicemail (or ends, without one). */
    Duration ringTime(LiveCall call, Duration otherwise) {
        return call.voicemailBox.isPresent() ? settings.agentRingTime() : otherwise;
    }

    /** Direct calls to an agent have the agent's box, unless agent voicemail is off. */
    void boxForAgent(LiveCall call, UUID agentId, String name) {
        if (settings.agentVoicemail() && !call.caller.agentId().equals(Optional.of(agentId))) {
            call.voicemailBox = Optional.of(VoicemailBox.ofAgent(agentId, name));
        }
    }

    /** Nobody is left to ring: the caller leaves a message if the call has a box, else the call ends. Under the call's lock. */
    void divertOrEnd(LiveCall call, EndReason reason, Effects fx) {
        if (call.state == CallState.RINGING && call.voicemailBox.isPresent() && call.consultOf.isEmpty()
                && callerCanSpeak(call)) {
            divert(call, call.voicemailBox.get(), Optional.empty(), fx);
        } else {
            changes.endCall(call, reason, fx);
        }
    }

    /** A simulated caller has no endpoint: nothing it could say would be recorded. */
    private static boolean callerCanSpeak(LiveCall call) {
        Leg caller = call.callerLeg();
        return caller.state().isLive() && caller.kind() != LegKind.INTERNAL;
    }

    Call screen(UUID legId) {
        return changes.onLeg(legId, (call, leg, fx) -> {
            requireCallee(leg, "screen");
            UUID agentId = leg.party().agentId().orElseThrow(() -> illegal("only an agent can screen a call"));
            if (call.state != CallState.RINGING || !call.offeredLegs().contains(leg)) {
                throw illegal("call " + call.id + " is not ringing for you; only a ringing call can be screened");
            }
            if (!callerCanSpeak(call)) {
                throw illegal("this caller cannot leave a message (a simulated caller)");
            }
            VoicemailBox box = call.voicemailBox.orElseGet(() -> VoicemailBox.ofAgent(agentId, leg.party().displayName()));
            call.answer(leg, changes.clock.instant()); // the leg listens from now on
            divert(call, box, Optional.of(legId), fx);
            LOG.info("call={} screened by agent {}", call.id, agentId);
            return call.snapshot();
        });
    }

    Call pickUp(UUID legId) {
        return changes.onLeg(legId, (call, leg, fx) -> {
            CallVoicemail message = call.voicemail.filter(v -> v.screeningLegId().equals(Optional.of(legId)))
                    .orElseThrow(() -> illegal("leg " + legId + " is not screening a call"));
            changes.finishCapture(call, fx); // the message keeps what was said so far
            call.leg(message.legId()).filter(l -> l.state().isLive())
                    .ifPresent(vm -> changes.release(call, vm, EndReason.ANSWERED_ELSEWHERE, fx));
            call.voicemail = Optional.empty();
            call.greeting = Optional.empty();
            call.answeredAt = Optional.of(changes.clock.instant());
            fx.event(Topics.CALL_ANSWERED, legId);
            recordings.startAutomatic(call, fx);
            LOG.info("call={} picked up by the screening agent", call.id);
            return call.snapshot();
        });
    }

    /** The screening agent left (closed the panel): the caller's message goes on. Under the call's lock. */
    boolean screeningLegEnded(LiveCall call, Leg leg, EndReason reason) {
        Optional<CallVoicemail> message = call.voicemail.filter(v -> v.screeningLegId().equals(Optional.of(leg.id())));
        if (message.isEmpty()) {
            return false;
        }
        CallVoicemail vm = message.get();
        call.end(leg, reason, changes.clock.instant());
        call.voicemail = Optional.of(new CallVoicemail(vm.legId(), vm.box(), vm.phase(), vm.recordingId(), Optional.empty()));
        return true;
    }

    /** The caller's endpoint is attached: the greeting plays from now, so the message starts after it. */
    void mediaAttached(LiveCall call, UUID legId) {
        call.voicemail.filter(v -> v.phase() == CallVoicemail.Phase.GREETING)
                .filter(v -> call.callerLeg().id().equals(legId))
                .ifPresent(v -> scheduleMessage(call, v.recordingId()));
    }

    private void divert(LiveCall call, VoicemailBox box, Optional<UUID> screeningLeg, Effects fx) {
        call.stopRinging();
        EndReason gone = screeningLeg.isPresent() ? EndReason.ANSWERED_ELSEWHERE : EndReason.NO_ANSWER;
        call.offeredLegs().forEach(offered -> changes.release(call, offered, gone, fx));
        Instant now = changes.clock.instant();
        Leg voicemail = call.answer(changes.offer(call, LegKind.INTERNAL,
                new Party("voicemail", Optional.empty(), Optional.empty(), "Voicemail " + box.name())), now);
        Leg caller = call.callerLeg();
        if (caller.state() != LegState.ANSWERED) {
            changes.connect(call.answer(caller, now), fx);
        }
        call.state = CallState.ACTIVE;
        UUID recordingId = TimeOrderedIds.next();
        call.voicemail = Optional.of(new CallVoicemail(voicemail.id(), box, CallVoicemail.Phase.GREETING, recordingId,
                screeningLeg));
        call.greeting = Optional.of(greetings.clipFor(box));
        fx.event(Topics.CALL_VOICEMAIL, voicemail.id());
        if (changes.media.endpointOf(caller.id()).isPresent()) {
            scheduleMessage(call, recordingId);
        }
        LOG.info("call={} to voicemail of {}", call.id, box.name());
    }

    private void scheduleMessage(LiveCall call, UUID recordingId) {
        Duration greeting = call.greeting.map(AudioClip::duration).orElse(Duration.ZERO);
        timer.schedule(greeting, () -> beginMessage(call, recordingId));
    }

    /** The beep has played: what the caller says from now on is the message. */
    private void beginMessage(LiveCall call, UUID recordingId) {
        changes.change(call, fx -> {
            Optional<CallVoicemail> greeting = call.voicemail
                    .filter(v -> v.recordingId().equals(recordingId) && v.phase() == CallVoicemail.Phase.GREETING);
            if (!call.isLive() || greeting.isEmpty()) {
                return null;
            }
            CallVoicemail vm = greeting.get();
            call.voicemail = Optional.of(new CallVoicemail(vm.legId(), vm.box(), CallVoicemail.Phase.RECORDING,
                    recordingId, vm.screeningLegId()));
            call.greeting = Optional.empty();
            Instant now = changes.clock.instant();
            Call snapshot = call.snapshot();
            Path file = RecordingStorage.rawFile(recordingId, LocalDate.ofInstant(now, ZoneOffset.UTC));
            Recording row = Recording.started(recordingId, call.id, RecordingKind.VOICEMAIL, vm.box().agentId(),
                    vm.box().groupId(), CallEvents.from(snapshot), call.dialed, now, file.toString());
            changes.beginCapture(call, new CaptureTarget(row, call.callerLeg().id(), file, CaptureLayout.FAR_END_LEFT,
                    false, now));
            fx.event(Topics.CALL_VOICEMAIL, vm.legId());
            watch(call, recordingId, now);
            return null;
        });
    }

    private void watch(LiveCall call, UUID recordingId, Instant since) {
        timer.schedule(WATCH_EVERY, () -> check(call, recordingId, since));
    }

    /** Ends the message on silence or at the maximum length; otherwise looks again in a second. */
    private void check(LiveCall call, UUID recordingId, Instant since) {
        changes.change(call, fx -> {
            if (!call.isLive() || call.voicemail.filter(v -> v.recordingId().equals(recordingId)).isEmpty()) {
                return null;
            }
            Duration elapsed = Duration.between(since, changes.clock.instant());
            Duration silent = changes.media.silence(call.callerLeg().id()).map(s -> s.compareTo(elapsed) < 0 ? s : elapsed)
                    .orElse(Duration.ZERO);
            VoicemailSettings limits = settings;
            if (silent.compareTo(limits.silence()) >= 0 || elapsed.compareTo(limits.maxLength()) >= 0) {
                LOG.info("call={} message ended after {} s ({})", call.id, elapsed.toSeconds(),
                        elapsed.compareTo(limits.maxLength()) >= 0 ? "maximum length" : "silence");
                changes.endCall(call, EndReason.CALLEE_HANGUP, fx);
            } else {
                watch(call, recordingId, since);
            }
            return null;
        });
    }
}
