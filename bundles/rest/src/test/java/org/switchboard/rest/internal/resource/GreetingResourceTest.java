package org.switchboard.rest.internal.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.recording.RecordingStorage;
import org.switchboard.rest.internal.ApiServer;
import org.switchboard.rest.internal.Json;

class GreetingResourceTest {
    @TempDir
    Path dir;

    private ApiServer api;

    @BeforeEach
    void start() {
        api = new ApiServer(dir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anAgentUploadsPlaysAndRemovesTheirGreeting() {
        byte[] wav = wav(8000);

        assertThat(api.get("alice-token", "/agents/me/greeting").statusCode()).isEqualTo(404);
        assertThat(api.put("alice-token", "/agents/me/greeting", "audio/wav", wav).statusCode()).isEqualTo(204);
        assertThat(RecordingStorage.greeting(api.alice())).exists();

        HttpResponse<byte[]> played = api.getBytes("alice-token", "/agents/me/greeting");
        assertThat(played.statusCode()).isEqualTo(200);
        assertThat(played.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("audio/wav"));
        assertThat(played.body()).isEqualTo(wav);
        assertThat(api.get("bob-token", "/agents/me/greeting").statusCode()).isEqualTo(404); // each agent has their own

        assertThat(api.delete("alice-token", "/agents/me/greeting").statusCode()).isEqualTo(204);
        assertThat(api.get("alice-token", "/agents/me/greeting").statusCode()).isEqualTo(404);
    }

    @Test
    void theGreetingsPathDoesNotShadowTheRestOfAgentsMe() throws IOException {
        HttpResponse<String> me = api.get("alice-token", "/agents/me");

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(me.body()).path("username").asText()).isEqualTo("alice");
    }

    @Test
    void anUploadThatIsNotAudioIs400InvalidAudio() throws IOException {
        HttpResponse<String> text = api.put("alice-token", "/agents/me/greeting", "audio/x-wav",
                "this is not a greeting, it is a sentence long enough to be mistaken for one".getBytes());
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(text.body()).path("error").asText()).isEqualTo("invalid_audio");

        HttpResponse<String> empty = api.put("alice-token", "/agents/me/greeting", "audio/wav", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(RecordingStorage.greeting(api.alice())).doesNotExist();
    }

    @Test
    void aWrongContentTypeIs415AndMoreThan5MbIs413() throws IOException {
        HttpResponse<String> json = api.put("alice-token", "/agents/me/greeting", "application/json", "{}".getBytes());
        assertThat(json.statusCode()).isEqualTo(415);

        HttpResponse<String> huge = api.put("alice-token", "/agents/me/greeting", "audio/wav", wav(5 * 1024 * 1024));
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(Json.mapper().readTree(huge.body()).path("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void withoutTheRecordingBundleAnUploadIs503() {
        api.stopRecordingBundle();

        assertThat(api.put("alice-token", "/agents/me/greeting", "audio/wav", wav(800)).statusCode()).isEqualTo(503);
    }

    /** A PCM WAV of {@code samples} 16-bit mono samples at 8 kHz. */
    private static byte[] wav(int samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
        }
        return b.array();
    }
}
