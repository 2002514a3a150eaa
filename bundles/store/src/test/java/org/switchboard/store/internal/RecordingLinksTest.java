package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.api.recording.RecordingKind;

class RecordingLinksTest {
    private final UUID id = UUID.fromString("6f1c2a4e-0b7d-4c7e-9a51-3f2d8e9b0c11");

    @Test
    void oneLinkALineReadsAsItIsWrittenAndBack() {
        RecordingLink call = new RecordingLink(id, RecordingKind.CALL,
                URI.create("https://pbx.example.com/api/v1/recordings/" + id + "/audio?exp=1767225600&sig=a%2Bb"),
                Duration.ofMillis(125_400));
        RecordingLink voicemail = new RecordingLink(UUID.randomUUID(), RecordingKind.VOICEMAIL,
                URI.create("http://10.0.0.5:8181/r/x"), Duration.ZERO);

        String text = RecordingLinks.encode(List.of(call, voicemail));

        assertThat(text.lines().findFirst()).contains(id + " CALL 125400 https://pbx.example.com/api/v1/recordings/"
                + id + "/audio?exp=1767225600&sig=a%2Bb");
        assertThat(RecordingLinks.decode(text)).containsExactly(call, voicemail);
        assertThat(RecordingLinks.decode(RecordingLinks.encode(List.of()))).isEmpty();
    }

    @Test
    void aLineThatIsNotALinkIsAClearError() {
        assertThatThrownBy(() -> RecordingLinks.decode(id + " CALL soon https://x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a recording link");
        assertThatThrownBy(() -> RecordingLinks.decode("garbage"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("garbage");
    }

    @Test
    void linksThatDoNotFitTheColumnAreRefused() {
        URI longUrl = URI.create("https://pbx.example.com/" + "a".repeat(RecordingLinks.MAX_LENGTH));

        assertThatThrownBy(() -> RecordingLinks.encode(List.of(new RecordingLink(id, RecordingKind.CALL, longUrl,
                Duration.ZERO)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32000");
    }
}
