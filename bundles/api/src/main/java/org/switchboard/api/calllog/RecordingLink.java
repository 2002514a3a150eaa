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

    /**
     * A CRM Task's comment: the agent's notes, a blank line, then one {@link #describe()} line per
     * recording, within {@code maxLength} characters. The notes are cut first, never a link (and
     * never inside a surrogate pair); re-building it from the same log gives the same text.
     */
    public static String taskComment(String notes, java.util.List<RecordingLink> recordings, int maxLength) {
        if (recordings.isEmpty()) {
            return cut(notes, maxLength);
        }
        String links = recordings.stream().map(RecordingLink::describe)
                .collect(java.util.stream.Collectors.joining("\n"));
        if (links.length() > maxLength - BLANK_LINE.length()) {
            // hundreds of recordings on one call: as many whole links as fit
            return links.substring(0, Math.max(0, links.lastIndexOf('\n', maxLength)));
        }
        if (notes.isBlank()) {
            return links;
        }
        int room = maxLength - BLANK_LINE.length() - links.length();
        return cut(notes.stripTrailing(), room) + BLANK_LINE + links;
    }

    private static final String BLANK_LINE = "\n\n";

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        // never leave half a surrogate pair behind: CRMs refuse malformed UTF-16
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
