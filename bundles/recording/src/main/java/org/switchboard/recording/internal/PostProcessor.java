package org.switchboard.recording.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingStatus;
import org.switchboard.recording.internal.audio.CaptureEncoder;
import org.switchboard.recording.internal.audio.Channels;
import org.switchboard.recording.internal.audio.EncodedAudio;

/**
 * Makes a RAW recording playable: MP3 next to the capture, link on the call log, row READY,
 * RECORDING_READY published, in that order, so a crash at any step leaves a RAW row that is
 * simply done again. Core stores the call log a moment after the call ends; until then a
 * recording waits, unless its call ended so long ago that the log is not coming.
 */
final class PostProcessor {
    static final Duration LOG_WAIT = Duration.ofMinutes(10);
    static final int BATCH = 50;
    private static final Logger LOG = LoggerFactory.getLogger(PostProcessor.class);

    enum Outcome {
        READY,
        FAILED,
        /** The call log is not stored yet, or another thread has the recording. */
        LATER
    }

    private final RecordingRepository recordings;
    private final CallLogRepository callLogs;
    private final CaptureEncoder encoder = new CaptureEncoder();
    private final Function<Recording, URI> links;
    private final RecordingEvents events;
    private final Supplier<Settings> settings;
    private final Clock clock;
    private final Set<UUID> inProgress = ConcurrentHashMap.newKeySet();

    PostProcessor(RecordingRepository recordings, CallLogRepository callLogs, Function<Recording, URI> links,
            RecordingEvents events, Supplier<Settings> settings, Clock clock) {
        this.recordings = recordings;
        this.callLogs = callLogs;
        this.links = links;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    /** Processes every RAW recording it can now; returns how many became READY or FAILED. */
    int drain() {
        int done = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<Recording> batch = recordings.withStatus(RecordingStatus.RAW, BATCH);
            int progressed = 0;
            for (Recording recording : batch) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                if (process(recording) != Outcome.LATER) {
                    progressed++;
                }
            }
            done += progressed;
            // a batch of recordings all waiting for their logs: the next tick tries again
            if (batch.size() < BATCH || progressed == 0) {
                return done;
            }
        }
        return done;
    }

    Outcome process(Recording recording) {
        if (!inProgress.add(recording.id())) {
            return Outcome.LATER;
        }
        try {
            return processClaimed(recording);
        } finally {
            inProgress.remove(recording.id());
        }
    }

    private Outcome processClaimed(Recording recording) {
        boolean stale = endedAt(recording).plus(LOG_WAIT).isBefore(clock.instant());
        if (!stale && callLogs.find(recording.callId()).isEmpty()) {
            return Outcome.LATER;
        }
        Path raw = Path.of(recording.rawPath());
        Settings current = settings.get();
        EncodedAudio audio;
        try {
            boolean stereo = recording.kind() == RecordingKind.CALL && current.channels() == Channels.STEREO;
            audio = encoder.encode(raw, playableFile(raw), stereo);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            return Outcome.LATER;
        } catch (NoSuchFileException e) {
            return fail(recording, "raw capture missing: " + raw);
        } catch (IOException | RuntimeException e) {
            return fail(recording, "cannot encode " + raw + ": " + e.getMessage());
        }
        RecordingLink link = new RecordingLink(recording.id(), recording.kind(), links.apply(recording), audio.duration());
        if (!callLogs.attachRecording(recording.callId(), link)) {
            if (!stale) {
                return Outcome.LATER;
            }
            LOG.info("recording={} call={} is playable but has no call log to link it to", recording.id(), recording.callId());
        }
        Recording ready = recording.ready(audio.file().toString(), audio.checksum(), audio.sizeBytes(), audio.duration());
        recordings.save(ready);
        events.ready(ready);
        if (!current.keepRaw()) {
            deleteRaw(recording, raw);
        }
        return Outcome.READY;
    }

    private Outcome fail(Recording recording, String reason) {
        LOG.warn("recording={} call={} failed to encode, raw capture kept: {}", recording.id(), recording.callId(), reason);
        recordings.save(recording.failed(reason));
        return Outcome.FAILED;
    }

    private static void deleteRaw(Recording recording, Path raw) {
        try {
            Files.deleteIfExists(raw);
        } catch (IOException e) {
            LOG.warn("recording={} raw capture {} not deleted: {}", recording.id(), raw, e.getMessage());
        }
    }

    private static Instant endedAt(Recording recording) {
        return recording.startedAt().plus(recording.duration().orElse(Duration.ZERO));
    }

    /** {@code <raw minus .wav>.mp3}. */
    static Path playableFile(Path raw) {
        String name = raw.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".wav") ? name.substring(0, name.length() - 4) : name;
        return raw.resolveSibling(stem + ".mp3");
    }
}
