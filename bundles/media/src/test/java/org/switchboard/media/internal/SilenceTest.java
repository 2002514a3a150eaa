package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.media.internal.RelayTest.remote;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;

/** silence(): how long the far end sent nothing above −40 dBFS (voicemail ends on it). */
class SilenceTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final MediaEngine engine = Engines.start(2);
    private final Phone phone = new Phone();

    @AfterEach
    void tearDown() {
        phone.close();
        engine.close();
    }

    @Test
    void silenceRunsFromAllocationUntilTheFarEndSpeaksAndAgainAfterIt() {
        long allocated = System.nanoTime();
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phone, Codec.PCMA));
        Poll.until(() -> silentFor(a, 50), WAIT, "silence to count from allocation");

        // packets, but only silence and sound below speech level (about -44 dBFS)
        send(a, 0, 0);
        send(a, 200, 1);
        long quietSent = System.nanoTime();
        Poll.until(() -> engine.stats(a.id()).packetsIn() == 2, WAIT, "the quiet packets to arrive");
        Duration beforeSpeech = engine.silence(a.id());
        long now = System.nanoTime();
        assertThat(beforeSpeech).as("still since allocation: quiet packets are no speech")
                .isGreaterThan(Duration.ofNanos(now - quietSent))
                .isLessThanOrEqualTo(Duration.ofNanos(now - allocated));

        long spoke = System.nanoTime();
        send(a, 8000, 2);
        Poll.until(() -> engine.silence(a.id()).compareTo(Duration.ofNanos(System.nanoTime() - spoke)) < 0, WAIT,
                "speech to reset silence");
        Poll.until(() -> silentFor(a, 50), WAIT, "silence to count again");

        for (int i = 3; i < 10; i++) {
            send(a, 200, i);
        }
        quietSent = System.nanoTime();
        Poll.until(() -> engine.stats(a.id()).packetsIn() == 10, WAIT, "more quiet packets to arrive");
        Duration afterSpeech = engine.silence(a.id());
        now = System.nanoTime();
        assertThat(afterSpeech).as("since the speech: quiet sound after it is silence")
                .isGreaterThan(Duration.ofNanos(now - quietSent))
                .isGreaterThanOrEqualTo(Duration.ofMillis(50))
                .isLessThanOrEqualTo(Duration.ofNanos(now - spoke));
    }

    private boolean silentFor(MediaEndpoint endpoint, long millis) {
        return engine.silence(endpoint.id()).compareTo(Duration.ofMillis(millis)) >= 0;
    }

    @Test
    void speechThresholdIsMinus40DbfsRms() {
        // a sine's RMS is its amplitude / sqrt(2): 328 RMS is an amplitude of 463
        assertThat(isSpeech(Codec.PCMU, 420)).isFalse();
        assertThat(isSpeech(Codec.PCMU, 520)).isTrue();
        assertThat(isSpeech(Codec.PCMA, 420)).isFalse();
        assertThat(isSpeech(Codec.PCMA, 520)).isTrue();
        assertThat(isSpeech(Codec.PCMA, 0)).as("A-law silence decodes to ±8").isFalse();
        assertThat(Speech.isSpeech(Codec.PCMU, ByteBuffer.allocate(12), 12, 0)).as("an empty payload").isFalse();
    }

    @Test
    void aLoudStartDoesNotMakeAQuietFrameSpeech() {
        // 10 of 160 samples at 1,000, the rest silent: the frame's RMS is 250, below 328, though its start is far above
        short[] burst = new short[160];
        Arrays.fill(burst, 0, 10, (short) 1000);
        assertThat(isSpeech(Codec.PCMU, burst)).isFalse();
        Arrays.fill(burst, 0, 20, (short) 1000); // RMS 354
        assertThat(isSpeech(Codec.PCMU, burst)).isTrue();
        short[] lateBurst = new short[160];
        Arrays.fill(lateBurst, 140, 160, (short) 1000);
        assertThat(isSpeech(Codec.PCMA, lateBurst)).as("the loud part at the end of the frame").isTrue();
    }

    private static boolean isSpeech(Codec codec, double amplitude) {
        return isSpeech(codec, Audio.sine(1000, amplitude, 0));
    }

    private static boolean isSpeech(Codec codec, short[] samples) {
        byte[] payload = Audio.encode(codec, samples);
        ByteBuffer packet = ByteBuffer.allocate(12 + payload.length);
        packet.position(12);
        packet.put(payload);
        return Speech.isSpeech(codec, packet, 12, payload.length);
    }

    private void send(MediaEndpoint to, double amplitude, int frame) {
        phone.sendAudio(to.local(), Codec.PCMA.payloadType(), Audio.encode(Codec.PCMA, Audio.sine(1000, amplitude, frame)));
    }
}
