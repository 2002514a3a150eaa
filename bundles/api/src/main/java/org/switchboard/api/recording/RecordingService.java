package org.switchboard.api.recording;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * The recordings inbox's operations that touch files and links (provided by the recording
 * bundle). Listings and heard flags go straight to {@link RecordingRepository}.
 */
@org.osgi.annotation.versioning.ProviderType
public interface RecordingService {

    /**
     * The recording's stable link, for the call log and the CRM Task: signed, needs no session,
     * valid until the retention period deletes the recording.
     */
    URI link(UUID recordingId);

    /** A signed link valid for {@code validFor} only (the browser player's {@code <audio src>}). */
    URI link(UUID recordingId, Duration validFor);

    /** Whether {@code expires} and {@code signature} (the link's query) are a valid, unexpired link to the recording. */
    boolean verify(UUID recordingId, long expires, String signature);

    /**
     * Deletes the recording's files and metadata.
     *
     * @return false when there is no such recording
     */
    boolean delete(UUID recordingId);

    /**
     * Stores an agent's own voicemail greeting from a WAV file (PCM, any rate, mono or stereo),
     * converted to 8 kHz mono.
     *
     * @throws IllegalArgumentException when the bytes are not a WAV file of PCM audio, or longer than
     *     60 seconds
     */
    void saveGreeting(UUID agentId, byte[] wav);

    /** The agent's voicemail callers hear the default greeting again; false when they had none. */
    boolean removeGreeting(UUID agentId);

    /** Encodes (again) a RAW or FAILED recording now; false when there is no such recording. */
    boolean process(UUID recordingId);
}
