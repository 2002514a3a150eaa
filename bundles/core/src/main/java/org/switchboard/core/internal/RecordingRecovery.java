package org.switchboard.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.AgentRepository;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallService;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingStatus;

/**
 * After a crash (kill -9, power loss) recordings are left RECORDING: media had kept their WAV
 * valid up to the last flush, so at start-up each is marked RAW with the length its file holds,
 * and a call that never got its log gets one ("cut off by a restart") carrying the recording, so the
 * recording bundle encodes it and links it like any other.
 */
@Component(immediate = true)
public final class RecordingRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingRecovery.class);
    private static final int BATCH = 500;
    private static final long WAV_HEADER = 44;
    private static final long BYTES_PER_SECOND = 8000L * 4; // stereo 16-bit at 8 kHz

    @Activate
    public RecordingRecovery(@Reference RecordingRepository recordings, @Reference CallLogRepository callLogs,
            @Reference(name = "callLogRecorder") CallLogRecorder recorder, @Reference CallService calls,
            @Reference AgentRepository agents) {
        Instant activated = Instant.now();
        Thread thread = new Thread(() -> recover(recordings, callLogs, recorder, calls, agents, activated),
                "switchboard-recording-recovery");
        thread.setDaemon(true);
        thread.start();
    }

    static void recover(RecordingRepository recordings, CallLogRepository callLogs, CallLogRecorder recorder,
            CallService calls, AgentRepository agents, Instant before) {
        try {
            List<Recording> cut = recordings.withStatus(RecordingStatus.RECORDING, BATCH).stream()
                    .filter(r -> r.startedAt().isBefore(before) && calls.find(r.callId()).isEmpty())
                    .toList();
            Map<UUID, List<Recording>> byCall = cut.stream().collect(Collectors.groupingBy(Recording::callId));
            byCall.forEach((callId, made) -> {
                List<Recording> captured = made.stream().map(r -> r.captured(length(r))).toList();
                if (callLogs.find(callId).isEmpty()) {
                    recorder.record(log(captured, agents));
                }
                captured.forEach(recordings::save);
            });
            if (!cut.isEmpty()) {
                LOG.warn("{} recordings of {} calls were cut off by a restart; kept up to the cut and queued for encoding",
                        cut.size(), byCall.size());
            }
        } catch (RuntimeException e) {
            LOG.warn("Recordings cut off by a restart not recovered now: {}", e.toString());
        }
    }

    /** How much audio the capture holds: its size, whatever its header says. */
    private static Duration length(Recording recording) {
        try {
            long bytes = Math.max(0, Files.size(Path.of(recording.rawPath())) - WAV_HEADER);
            return Duration.ofMillis(bytes * 1000 / BYTES_PER_SECOND);
        } catch (IOException e) {
            return Duration.ZERO;
        }
    }

    /** The log of a call that never ended normally, built from what its recordings know. */
    private static CallLog log(List<Recording> recordings, AgentRepository agents) {
        Recording first = recordings.stream().min(Comparator.comparing(Recording::startedAt)).orElseThrow();
        Instant ended = recordings.stream().map(r -> r.startedAt().plus(r.duration().orElse(Duration.ZERO)))
                .max(Comparator.naturalOrder()).orElse(first.startedAt());
        boolean voicemail = recordings.stream().allMatch(r -> r.kind() == RecordingKind.VOICEMAIL);
        boolean agentCalled = agents.findByExtension(first.from()).isPresent();
        CallDirection direction = agentCalled ? CallDirection.OUTBOUND : CallDirection.INBOUND;
        Optional<Instant> answered = voicemail ? Optional.empty() : Optional.of(first.startedAt());
        return new CallLog(first.callId(), direction, first.from(), first.to(), first.agentId(), first.startedAt(),
                answered, ended, answered.map(a -> Duration.between(a, ended)).orElse(Duration.ZERO),
                voicemail ? Disposition.VOICEMAIL : Disposition.ANSWERED, "Call cut off by a Switchboard restart", "",
                Optional.empty(), Optional.empty(), recordings.stream().map(Recording::id).toList());
    }
}
