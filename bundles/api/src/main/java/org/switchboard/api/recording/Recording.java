package org.switchboard.api.recording;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Metadata of one recording or voicemail; the audio lives in files under
 * {@link RecordingStorage#root()}.
 *
 * @param agentId the agent whose recording or voicemail it is (for a call: the agent on it when
 *     recording started); empty for a group's voicemail
 * @param groupId the group whose voicemail it is, or the group the recorded call came through
 * @param from the caller's number or address
 * @param to what the caller dialed
 * @param rawPath the stereo WAV capture media writes while the call is up (kept after encoding)
 * @param playablePath the MP3 the recording bundle made from it, once {@link RecordingStatus#READY}
 * @param checksum {@code sha256:<hex>} of the playable file
 * @param sizeBytes size of the playable file, 0 until ready
 * @param error why post-processing failed ({@link RecordingStatus#FAILED})
 */
public record Recording(
        UUID id,
        UUID callId,
        RecordingKind kind,
        RecordingStatus status,
        Optional<UUID> agentId,
        Optional<UUID> groupId,
        String from,
        String to,
        Instant startedAt,
        Optional<Duration> duration,
        String rawPath,
        Optional<String> playablePath,
        Optional<String> checksum,
        long sizeBytes,
        boolean heard,
        Optional<String> error) {

    public Recording {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(playablePath, "playablePath");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(error, "error");
    }

    /** A recording media has just started capturing. */
    public static Recording started(UUID id, UUID callId, RecordingKind kind, Optional<UUID> agentId,
            Optional<UUID> groupId, String from, String to, Instant startedAt, String rawPath) {
        return new Recording(id, callId, kind, RecordingStatus.RECORDING, agentId, groupId, from, to, startedAt,
                Optional.empty(), rawPath, Optional.empty(), Optional.empty(), 0, false, Optional.empty());
    }

    /** The capture is complete (the call ended, or was cut by a crash): waiting to be encoded. */
    public Recording captured(Duration length) {
        return new Recording(id, callId, kind, RecordingStatus.RAW, agentId, groupId, from, to, startedAt,
                Optional.of(length), rawPath, playablePath, checksum, sizeBytes, heard, error);
    }

    /** Encoded: the playable file, its checksum and size. */
    public Recording ready(String playable, String sha256, long size, Duration length) {
        return new Recording(id, callId, kind, RecordingStatus.READY, agentId, groupId, from, to, startedAt,
                Optional.of(length), rawPath, Optional.of(playable), Optional.of(sha256), size, heard, Optional.empty());
    }

    public Recording failed(String why) {
        return new Recording(id, callId, kind, RecordingStatus.FAILED, agentId, groupId, from, to, startedAt,
                duration, rawPath, playablePath, checksum, sizeBytes, heard, Optional.of(why));
    }
}
