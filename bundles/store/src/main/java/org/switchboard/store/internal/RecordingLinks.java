package org.switchboard.store.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.api.recording.RecordingKind;

/**
 * The {@code call_logs.recording_links} column: one link a line, {@code <recording id> <kind>
 * <duration millis> <url>}, readable in a SQL console like {@code recording_ids} next to it. A URI
 * holds no white space, so the URL, last on its line, needs no escaping.
 */
final class RecordingLinks {
    /** The column's size. */
    static final int MAX_LENGTH = 32_000;

    private RecordingLinks() {}

    static String encode(List<RecordingLink> links) {
        String text = links.stream()
                .map(link -> link.recordingId() + " " + link.kind().name() + " " + link.duration().toMillis() + " "
                        + link.url().toASCIIString())
                .collect(Collectors.joining("\n"));
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "the call log's " + links.size() + " recording links are longer than " + MAX_LENGTH + " characters");
        }
        return text;
    }

    /** @throws IllegalArgumentException naming the line that is not a link */
    static List<RecordingLink> decode(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return text.lines().map(RecordingLinks::link).toList();
    }

    private static RecordingLink link(String line) {
        String[] parts = line.split(" ", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a recording link: " + line);
        }
        try {
            return new RecordingLink(UUID.fromString(parts[0]), RecordingKind.valueOf(parts[1]),
                    new URI(parts[3]), Duration.ofMillis(Long.parseLong(parts[2])));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a recording link: " + line, e);
        }
    }
}
