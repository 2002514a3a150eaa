package org.switchboard.api.calllog;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.switchboard.api.recording.RecordingKind;

/**
 * A playable recording or voicemail of a call, as the CRM Task shows it ("Voicemail (0:42): url").
 *
 * @param url the recording's stable signed link
 */
public record RecordingLink(UUID recordingId, RecordingKind kind, URI url, Duration duration) {
    public RecordingLink {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(duration, "duration");
    }

    /** One line for a Task comment: {@code Recording (2:05): https://…}. */
    public String describe() {
        long seconds = Math.round(duration.toMillis() / 1000.0);
        String label = kind == RecordingKind.VOICEMAIL ? "Voicemail" : "Recording";
        return String.format("%s (%d:%02d): %s", label, seconds / 60, seconds % 60, url);
    }
}
