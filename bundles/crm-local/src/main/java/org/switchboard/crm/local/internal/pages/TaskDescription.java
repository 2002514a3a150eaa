package org.switchboard.crm.local.internal.pages;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A call Task's description read back: the agent's notes and the recording ids the connector
 * appends as a last line {@code Recordings: <id>, <id>} (see {@code CallTask.descriptionOf}).
 */
public record TaskDescription(String notes, List<String> recordingIds) {
    private static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    private static final Pattern WITH_RECORDINGS = Pattern.compile(
            "(?s)(?:(.*)\\n\\n)?Recordings: (" + UUID + "(?:, " + UUID + ")*)");

    public static TaskDescription parse(String description) {
        String text = description == null ? "" : description;
        Matcher matcher = WITH_RECORDINGS.matcher(text);
        if (!matcher.matches()) {
            return new TaskDescription(text, List.of());
        }
        String notes = matcher.group(1) == null ? "" : matcher.group(1);
        return new TaskDescription(notes, Arrays.asList(matcher.group(2).split(", ")));
    }
}
