package org.switchboard.crm.local.internal.pages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A call Task's description read back: the agent's notes, and the recording links the connector
 * appends after a blank line, one a line, as {@code RecordingLink.describe()} writes them
 * ({@code Voicemail (0:42): <url>}; see {@code CallTask.descriptionOf}).
 */
public record TaskDescription(String notes, List<Link> recordings) {
    private static final Pattern LINK_LINE = Pattern.compile("(Recording|Voicemail) \\((\\d{1,9}):([0-5]\\d)\\): (\\S+)");
    private static final Pattern RECORDING_ID = Pattern.compile(
            "/recordings/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:[/?#]|$)");

    /**
     * One recording on the Task.
     *
     * @param kind {@code CALL} or {@code VOICEMAIL}, as {@code RecordingKind} names them
     * @param recordingId the recording's id when its link names it
     */
    public record Link(String kind, long durationSeconds, String url, Optional<String> recordingId) {}

    public TaskDescription {
        recordings = List.copyOf(recordings);
    }

    public static TaskDescription parse(String description) {
        String text = description == null ? "" : description;
        List<String> lines = Arrays.asList(text.split("\n", -1));
        int firstLink = lines.size();
        while (firstLink > 0 && LINK_LINE.matcher(lines.get(firstLink - 1)).matches()) {
            firstLink--;
        }
        boolean linksAlone = firstLink == 0;
        boolean linksAfterBlankLine = firstLink >= 2 && lines.get(firstLink - 1).isEmpty();
        if (firstLink == lines.size() || !(linksAlone || linksAfterBlankLine)) {
            return new TaskDescription(text, List.of());
        }
        List<Link> links = new ArrayList<>();
        for (String line : lines.subList(firstLink, lines.size())) {
            links.add(link(line));
        }
        String notes = linksAlone ? "" : String.join("\n", lines.subList(0, firstLink - 1));
        return new TaskDescription(notes, links);
    }

    private static Link link(String line) {
        Matcher matcher = LINK_LINE.matcher(line);
        matcher.matches();
        String kind = "Voicemail".equals(matcher.group(1)) ? "VOICEMAIL" : "CALL";
        long seconds = Long.parseLong(matcher.group(2)) * 60 + Integer.parseInt(matcher.group(3));
        String url = matcher.group(4);
        Matcher id = RECORDING_ID.matcher(url);
        return new Link(kind, seconds, url, id.find() ? Optional.of(id.group(1).toLowerCase(Locale.ROOT)) : Optional.empty());
    }
}
