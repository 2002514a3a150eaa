package org.switchboard.api.recording;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Where recordings live on disk: one directory, the system property {@value #PROPERTY} (set it in
 * {@code etc/system.properties}), by default {@code ${karaf.data}/recordings}. Core has media
 * write raw captures there; the recording bundle writes the MP3 next to each, and agents'
 * greetings under {@code greetings/}.
 */
public final class RecordingStorage {
    public static final String PROPERTY = "switchboard.recordings";

    private RecordingStorage() {}

    public static Path root() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("karaf.data", "data"), "recordings");
    }

    /** The raw capture of a recording: {@code <root>/<yyyy-MM-dd>/<id>.wav}, dated by when it started. */
    public static Path rawFile(UUID recordingId, java.time.LocalDate day) {
        return root().resolve(day.toString()).resolve(recordingId + ".wav");
    }

    /** An agent's own voicemail greeting: 8 kHz mono 16-bit PCM WAV. */
    public static Path greeting(UUID agentId) {
        return root().resolve("greetings").resolve(agentId + ".wav");
    }
}
