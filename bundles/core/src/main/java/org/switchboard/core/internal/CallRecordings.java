package org.switchboard.core.internal;

import static org.switchboard.core.internal.CallRules.illegal;
import static org.switchboard.core.internal.CallRules.requireLive;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallRecording;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.RecordingAction;
import org.switchboard.api.event.Topics;
import org.switchboard.api.media.CaptureLayout;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingStorage;

/**
 * The REC button's rules and automatic recording. Core decides, media captures: a recording is a
 * {@link CaptureTarget} on the call (the outside party's leg, so caller left and agent right) that
 * {@link MediaWiring} hands to media, and a row saved as it starts and again, RAW, as it stops.
 */
final class CallRecordings {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecordings.class);

    private final CallChanges changes;

    CallRecordings(CallChanges changes) {
        this.changes = changes;
    }

    Call apply(UUID callId, RecordingAction action) {
        LiveCall call = changes.call(callId);
        return changes.change(call, fx -> {
            requireLive(call);
            switch (action) {
                case START -> start(call, false, fx);
                case STOP -> stop(call, fx);
                case PAUSE, RESUME -> pause(call, action == RecordingAction.PAUSE, fx);
            }
            return call.snapshot();
        });
    }

    /** A call that records every call was answered; a failure to record never fails the answer. */
    void startAutomatic(LiveCall call, Effects fx) {
        if (call.autoRecord && call.recording.isEmpty()) {
            try {
                start(call, true, fx);
            } catch (IllegalCallStateException e) {
                LOG.warn("call={} not recorded automatically: {}", call.id, e.getMessage());
            }
        }
    }

    private void start(LiveCall call, boolean automatic, Effects fx) {
        if (call.state != CallState.ACTIVE && call.state != CallState.HELD) {
            throw illegal("call " + call.id + " is " + call.state + "; only a connected call can be recorded");
        }
        if (call.voicemail.isPresent()) {
            throw illegal("the caller is leaving a message, which is recorded already");
        }
        if (call.recording.isPresent()) {
            throw illegal("call " + call.id + " is being recorded already");
        }
        Call now = call.snapshot();
        Captured side = captured(now);
        Instant startedAt = changes.clock.instant();
        UUID id = TimeOrderedIds.next();
        Path file = RecordingStorage.rawFile(id, LocalDate.ofInstant(startedAt, ZoneOffset.UTC));
        Recording row = Recording.started(id, call.id, RecordingKind.CALL, now.agentId(), call.groupId,
                CallEvents.from(now), call.dialed, startedAt, file.toString());
        changes.beginCapture(call, new CaptureTarget(row, side.leg().id(), file, side.layout(), false, startedAt));
        call.recording = Optional.of(new CallRecording(id, false, automatic));
        fx.event(Topics.CALL_RECORDING);
        LOG.info("call={} recording={} started{}", call.id, id, automatic ? " (automatic)" : "");
    }

    private void stop(LiveCall call, Effects fx) {
        CallRecording running = call.recording.orElseThrow(() -> illegal("call " + call.id + " is not being recorded"));
        if (running.automatic()) {
            throw illegal("this number records every call: the recording can be paused, not stopped");
        }
        changes.finishCapture(call, fx);
        fx.event(Topics.CALL_RECORDING);
        LOG.info("call={} recording={} stopped", call.id, running.recordingId());
    }

    private void pause(LiveCall call, boolean paused, Effects fx) {
        CallRecording running = call.recording.orElseThrow(() -> illegal("call " + call.id + " is not being recorded"));
        if (running.paused() == paused) {
            return;
        }
        call.recording = Optional.of(new CallRecording(running.recordingId(), paused, running.automatic()));
        call.capture = call.capture.map(target -> target.paused(paused));
        fx.event(Topics.CALL_RECORDING);
    }

    private record Captured(Leg leg, CaptureLayout layout) {}

    /**
     * The outside party's leg (left: what they say, right: what they hear, i.e. the agents); on a
     * call between agents the caller's; with a caller that has no endpoint (the simulated caller)
     * the agent's, with the channels swapped.
     */
    private static Captured captured(Call call) {
        List<Leg> answered = call.liveLegs().stream().filter(l -> l.answeredAt().isPresent()).toList();
        Optional<Leg> outside = answered.stream()
                .filter(l -> l.party().agentId().isEmpty() && l.kind() != LegKind.INTERNAL).findFirst();
        if (outside.isPresent()) {
            return new Captured(outside.get(), CaptureLayout.FAR_END_LEFT);
        }
        Optional<Leg> caller = answered.stream().filter(l -> l.role() == org.switchboard.api.call.LegRole.CALLER)
                .filter(l -> l.kind() != LegKind.INTERNAL).findFirst();
        if (caller.isPresent()) {
            return new Captured(caller.get(), CaptureLayout.FAR_END_LEFT);
        }
        return answered.stream().filter(l -> l.kind() != LegKind.INTERNAL).findFirst()
                .map(agent -> new Captured(agent, CaptureLayout.FAR_END_RIGHT))
                .orElseThrow(() -> illegal("call " + call.id() + " has no party whose audio can be recorded"));
    }
}
