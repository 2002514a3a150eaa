package org.switchboard.rest.internal.view;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingStatus;

/**
 * A recording or voicemail in the inbox. {@code audioUrl} is a signed link valid for an hour (for an
 * {@code <audio src>}, which cannot send a bearer token), {@code downloadUrl} the same as an
 * attachment; both are null until the MP3 is ready, and while the recording service is not running.
 */
public record RecordingView(
        String id,
        String callId,
        String kind,
        String status,
        String from,
        String to,
        String startedAt,
        Long durationSeconds,
        boolean heard,
        String agentId,
        String groupId,
        long sizeBytes,
        String checksum,
        String audioUrl,
        String downloadUrl) {

    /** {@code signedLink}: the recording's short-lived link, when one can be made. */
    public static RecordingView of(Recording r, Optional<URI> signedLink) {
        Optional<String> audio = r.status() == RecordingStatus.READY ? signedLink.map(URI::toString) : Optional.empty();
        return new RecordingView(
                r.id().toString(),
                r.callId().toString(),
                r.kind().name(),
                r.status().name(),
                r.from(),
                r.to(),
                r.startedAt().toString(),
                r.duration().map(RecordingView::roundedSeconds).orElse(null),
                r.heard(),
                r.agentId().map(UUID::toString).orElse(null),
                r.groupId().map(UUID::toString).orElse(null),
                r.sizeBytes(),
                r.checksum().orElse(null),
                audio.orElse(null),
                audio.map(RecordingView::download).orElse(null));
    }

    private static String download(String link) {
        return link + (link.contains("?") ? "&" : "?") + "download=1";
    }

    /** Whole seconds, rounded: a 4.99 s message is "0:05", not "0:04". */
    static long roundedSeconds(Duration duration) {
        return Math.round(duration.toMillis() / 1000.0);
    }
}
