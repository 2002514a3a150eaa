package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.media.internal.RelayTest.remote;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.AudioClip;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.Tone;

class ClipTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final MediaEngine engine = Engines.start(4);
    private final Phone phoneA = new Phone();
    private final Phone phoneB = new Phone();

    @AfterEach
    void tearDown() {
        phoneA.close();
        phoneB.close();
        engine.close();
    }

    @Test
    void clipIsPlayedOnceInRealTimeInTheEndpointsCodecThenSilence() {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMA));
        AudioClip greeting = clip(1000, 20);
        AudioClip beep = clip(1400, 10);
        engine.playClip(a.id(), greeting.then(beep));

        long start = System.nanoTime();
        List<Phone.Packet> packets = phoneA.receive(60, WAIT);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMillis).as("60 frames of 20 ms are paced, not sent in a burst").isGreaterThan(900);

        assertThat(packets).allSatisfy(p -> assertThat(p.payloadType()).isEqualTo(Codec.PCMA.payloadType()));
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).sequence()).as("one continuous stream").isEqualTo((packets.get(i - 1).sequence() + 1) & 0xFFFF);
            assertThat(packets.get(i).ssrc()).isEqualTo(packets.get(0).ssrc());
        }
        short[] heard = Audio.decode(Codec.PCMA, packets);
        int frame = Audio.FRAME;
        assertThat(Audio.amplitude(heard, 0, 20 * frame, 1000)).as("the greeting").isGreaterThan(6000);
        assertThat(Audio.amplitude(heard, 0, 20 * frame, 1400)).isLessThan(300);
        assertThat(Audio.amplitude(heard, 20 * frame, 10 * frame, 1400)).as("then the beep").isGreaterThan(6000);
        assertThat(Audio.amplitude(heard, 20 * frame, 10 * frame, 1000)).isLessThan(300);
        assertThat(Audio.rms(heard, 30 * frame, 30 * frame)).as("then silence, once: no repeat").isLessThan(20);
    }

    @Test
    void clipReplacesBridgedAudioUntilABridgeOrAToneReplacesIt() {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMU));
        engine.bridge(a.id(), b.id());
        try (Talker talkerB = new Talker(phoneB, b.local(), Codec.PCMU, 500)) {
            Poll.until(() -> hears(phoneA, 500), WAIT, "A to hear B");

            engine.playClip(a.id(), clip(1000, 500)); // 10 s
            Poll.until(() -> hears(phoneA, 1000), WAIT, "A to hear the clip");
            assertThat(Audio.amplitude(listen(phoneA, 25), 500)).as("B is not heard over the clip").isLessThan(300);

            engine.bridge(a.id(), b.id()); // "Pick up": the bridge replaces the clip
            Poll.until(() -> hears(phoneA, 500), WAIT, "A to hear B again");
            assertThat(Audio.amplitude(listen(phoneA, 25), 1000)).isLessThan(300);

            engine.playClip(a.id(), clip(1000, 500));
            Poll.until(() -> hears(phoneA, 1000), WAIT, "A to hear the clip again");
            engine.play(a.id(), Tone.RINGBACK);
            Poll.until(() -> hears(phoneA, 440), WAIT, "ringback to replace the clip");
            assertThat(Audio.amplitude(listen(phoneA, 25), 1000)).isLessThan(300);
        }
    }

    /** A clip of {@code frames} 20 ms frames of a sine. */
    static AudioClip clip(double frequency, int frames) {
        short[] samples = new short[frames * Audio.FRAME];
        for (int i = 0; i < frames; i++) {
            System.arraycopy(Audio.sine(frequency, 8000, i), 0, samples, i * Audio.FRAME, Audio.FRAME);
        }
        return new AudioClip(samples);
    }

    /** The next {@code frames} packets' audio, after what was queued. */
    static short[] listen(Phone phone, int frames) {
        phone.drain();
        List<Phone.Packet> packets = phone.receive(frames, WAIT);
        return Audio.decode(Rtp.audioCodec(packets.get(0).payloadType()), packets);
    }

    static boolean hears(Phone phone, double frequency) {
        return Audio.amplitude(listen(phone, 10), frequency) > 3000;
    }
}
