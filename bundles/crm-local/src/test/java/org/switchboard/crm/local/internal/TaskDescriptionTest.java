package org.switchboard.crm.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.switchboard.crm.local.internal.pages.TaskDescription;

/** The record pages read back what the connector writes into a Task's description. */
class TaskDescriptionTest {
    private static final UUID ONE = UUID.fromString("0b3c2e7a-1111-4a4a-9a9a-000000000001");
    private static final UUID TWO = UUID.fromString("0b3c2e7a-1111-4a4a-9a9a-000000000002");

    @Test
    void notesAndRecordingIdsComeBackApart() {
        TaskDescription read = TaskDescription.parse(CallTask.descriptionOf("Wants a callback.\nFriday.", List.of(ONE, TWO)));

        assertThat(read.notes()).isEqualTo("Wants a callback.\nFriday.");
        assertThat(read.recordingIds()).containsExactly(ONE.toString(), TWO.toString());
    }

    @Test
    void recordingsWithoutNotesAndNotesWithoutRecordings() {
        assertThat(TaskDescription.parse(CallTask.descriptionOf("", List.of(ONE))))
                .isEqualTo(new TaskDescription("", List.of(ONE.toString())));
        assertThat(TaskDescription.parse(CallTask.descriptionOf("Recordings: none yet", List.of())))
                .isEqualTo(new TaskDescription("Recordings: none yet", List.of()));
    }
}
