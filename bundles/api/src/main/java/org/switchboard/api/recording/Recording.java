package org.switchboard.api.recording;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Metadata of one recording; the audio lives in files.
 *
 * @param rawPath the capture media writes while the call is up
 * @param playablePath the post-processed file (MP3) once ready
 */
public record Recording(
        UUID id,
        UUID callId,
        Optional<UUID> agentId,
        RecordingKind kind,
        RecordingStatus status,
        Instant startedAt,
        Optional<Duration> duration,
        String rawPath,
        Optional<String> playablePath) {

    public Recording {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(playablePath, "playablePath");
    }
}
