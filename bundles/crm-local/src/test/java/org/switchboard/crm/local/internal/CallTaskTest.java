package org.switchboard.crm.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.api.recording.RecordingKind;

class CallTaskTest {
    private static final UUID RECORDING = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

    @Test
    void agentSubjectWinsOverTheDefault() {
        assertThat(CallTask.of(log("sip:1001@switchboard.local", "  Follow-up  ", "", Optional.empty())).subject())
                .isEqualTo("Follow-up");
    }

    @Test
    void defaultSubjectNamesDirectionAndPartiesAndFitsTheColumn() {
        String longAddress = "sip:" + "x".repeat(300) + "@example.com";

        String subject = CallTask.of(log(longAddress, "", "", Optional.empty())).subject();

        assertThat(subject).startsWith("Call outbound sip:xxx").hasSize(CallTask.MAX_SUBJECT);
        assertThat(CallTask.of(log("+15550101", "", "", Optional.empty())).subject())
                .isEqualTo("Call outbound +15550101 → +15551230001");
    }

    @Test
    void descriptionIsTheNotesThenABlankLineThenOneLinePerRecording() {
        RecordingLink voicemail = new RecordingLink(RECORDING, RecordingKind.VOICEMAIL, URI.create("https://pbx/v/1"),
                Duration.ofSeconds(42));
        RecordingLink call = new RecordingLink(UUID.randomUUID(), RecordingKind.CALL, URI.create("https://pbx/r/2"),
                Duration.ofSeconds(125));

        assertThat(CallTask.descriptionOf("Wants a callback.\n", List.of(voicemail, call)))
                .isEqualTo("Wants a callback.\n\nVoicemail (0:42): https://pbx/v/1\nRecording (2:05): https://pbx/r/2");
        assertThat(CallTask.descriptionOf("", List.of(voicemail))).isEqualTo("Voicemail (0:42): https://pbx/v/1");
        assertThat(CallTask.descriptionOf("just notes", List.of())).isEqualTo("just notes");
    }

    @Test
    void notesAreCutRatherThanALinkWhenBothDoNotFitTheColumn() {
        RecordingLink link = new RecordingLink(RECORDING, RecordingKind.CALL, URI.create("https://pbx/r/" + RECORDING),
                Duration.ofSeconds(5));

        String description = CallTask.descriptionOf("n".repeat(CallLog.MAX_NOTES), List.of(link));

        assertThat(description).hasSize(CallTask.MAX_DESCRIPTION).endsWith("n\n\n" + link.describe());
    }

    @Test
    void blankContactBecomesNoWhoIdAndOverlongIdsAreRejected() {
        assertThat(CallTask.of(log("+15550101", "", "", Optional.of("  "))).whoId()).isEmpty();
        assertThatThrownBy(() -> CallTask.of(log("+15550101", "", "", Optional.of("c".repeat(256)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static CallLog log(String from, String subject, String notes, Optional<String> contactId) {
        Instant start = Instant.parse("2025-03-01T08:55:00Z");
        return new CallLog(UUID.randomUUID(), CallDirection.OUTBOUND, from, "+15551230001", Optional.empty(), start,
                Optional.empty(), start.plusSeconds(20), Duration.ZERO, Disposition.MISSED, subject, notes, contactId,
                Optional.empty(), List.of());
    }
}
