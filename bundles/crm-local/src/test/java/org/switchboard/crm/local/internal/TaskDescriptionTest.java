package org.switchboard.crm.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.crm.local.internal.pages.TaskDescription;
import org.switchboard.crm.local.internal.pages.TaskDescription.Link;

/** The record pages read back what the connector writes into a Task's description. */
class TaskDescriptionTest {
    private static final UUID ONE = UUID.fromString("0b3c2e7a-1111-4a4a-9a9a-000000000001");
    private static final RecordingLink CALL = new RecordingLink(ONE, RecordingKind.CALL,
            URI.create("https://pbx.example.com/api/v1/recordings/" + ONE + "/audio?expires=99&signature=s1"),
            Duration.ofSeconds(125));
    private static final RecordingLink VOICEMAIL = new RecordingLink(UUID.randomUUID(), RecordingKind.VOICEMAIL,
            URI.create("https://pbx.example.com/v/opaque"), Duration.ofSeconds(42));

    @Test
    void notesAndRecordingLinksComeBackApart() {
        TaskDescription read = TaskDescription.parse(CallTask.descriptionOf("Wants a callback.\n\nFriday.", List.of(CALL, VOICEMAIL)));

        assertThat(read.notes()).isEqualTo("Wants a callback.\n\nFriday.");
        assertThat(read.recordings()).containsExactly(
                new Link("CALL", 125, CALL.url().toString(), Optional.of(ONE.toString())),
                new Link("VOICEMAIL", 42, "https://pbx.example.com/v/opaque", Optional.empty()));
    }

    @Test
    void recordingsWithoutNotesAndNotesWithoutRecordings() {
        assertThat(TaskDescription.parse(CallTask.descriptionOf("", List.of(VOICEMAIL))))
                .isEqualTo(new TaskDescription("", List.of(new Link("VOICEMAIL", 42, "https://pbx.example.com/v/opaque",
                        Optional.empty()))));
        assertThat(TaskDescription.parse(CallTask.descriptionOf("Recording (0:10): of the fax tone", List.of())))
                .isEqualTo(new TaskDescription("Recording (0:10): of the fax tone", List.of()));
    }

    @Test
    void aNoteThatLooksLikeALinkButFollowsNoBlankLineStaysANote() {
        String text = "Call me back\nRecording (0:10): https://example.com/x";

        assertThat(TaskDescription.parse(text)).isEqualTo(new TaskDescription(text, List.of()));
    }
}
