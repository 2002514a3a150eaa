package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.media.internal.RelayTest.remote;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.Tone;

class TonesTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private MediaEngine engine;
    private final Phone phone = new Phone();

    @AfterEach
    void tearDown() {
        phone.close();
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void ringbackIsTwoSecondsOf440And480ThenFourOfSilence() {
        Ringback ringback = new Ringback();
        short[] frame = new short[ToneSource.FRAME];
        short[] on = new short[100 * ToneSource.FRAME];
        for (int i = 0; i < 100; i++) {
            ringback.next(frame);
            System.arraycopy(frame, 0, on, i * ToneSource.FRAME, ToneSource.FRAME);
        }
        assertThat(Audio.amplitude(on, 440)).isGreaterThan(4000);
        assertThat(Audio.amplitude(on, 480)).isGreaterThan(4000);
        assertThat(Audio.amplitude(on, 1000)).isLessThan(100);
        for (int i = 100; i < 300; i++) {
            ringback.next(frame);
            assertThat(Audio.rms(frame)).as("frame %d", i).isZero();
        }
        ringback.next(frame);
        assertThat(Audio.amplitude(frame, 440)).as("the next cycle rings again").isGreaterThan(3000);
    }

    @Test
    void ringbackIsPlayedInRealTimeOnOneContinuousStream() {
        engine = Engines.start(2);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phone, Codec.PCMA));
        engine.play(a.id(), Tone.RINGBACK);

        List<Phone.Packet> packets = phone.receive(26, WAIT);
        long first = System.nanoTime();
        List<Phone.Packet> more = phone.receive(25, WAIT);
        long elapsedMillis = (System.nanoTime() - first) / 1_000_000;
        assertThat(elapsedMillis).as("25 frames of 20 ms are not sent in a burst").isGreaterThan(300);

        assertContinuous(packets);
        assertThat(packets).allSatisfy(p -> assertThat(p.payloadType()).isEqualTo(8));
        short[] heard = Audio.decode(Codec.PCMA, packets.subList(1, 26));
        assertThat(Audio.amplitude(heard, 440)).isGreaterThan(4000);
        assertThat(Audio.amplitude(heard, 480)).isGreaterThan(4000);
        assertThat(Audio.amplitude(heard, 1000)).isLessThan(300);
        assertThat(more.get(0).sequence()).isEqualTo((packets.get(25).sequence() + 1) & 0xFFFF);
    }

    @Test
    void holdMusicIsAMelodyNotSilenceNorRingback() {
        HoldMusic music = new HoldMusic();
        short[] frame = new short[ToneSource.FRAME];
        short[] pcm = new short[150 * ToneSource.FRAME]; // 3 s
        for (int i = 0; i < 150; i++) {
            music.next(frame);
            System.arraycopy(frame, 0, pcm, i * ToneSource.FRAME, ToneSource.FRAME);
        }
        double rms = Audio.rms(pcm);
        assertThat(rms).as("not silence").isGreaterThan(1500);
        assertThat(Audio.amplitude(pcm, 440)).as("no ringback 440").isLessThan(rms / 20);
        assertThat(Audio.amplitude(pcm, 480)).as("no ringback 480").isLessThan(rms / 20);
        // a melody: the strongest note changes from one 360 ms step to the next
        assertThat(strongest(pcm, 0)).isEqualTo(261.63);
        assertThat(strongest(pcm, 1)).isEqualTo(329.63);
        assertThat(strongest(pcm, 2)).isEqualTo(392.00);
    }

    @Test
    void holdMusicIsPlayedToTheEndpoint() {
        engine = Engines.start(2);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phone, Codec.PCMU));
        engine.play(a.id(), Tone.HOLD_MUSIC);
        List<Phone.Packet> packets = phone.receive(40, WAIT);
        assertContinuous(packets);
        short[] heard = Audio.decode(Codec.PCMU, packets);
        double rms = Audio.rms(heard);
        assertThat(rms).isGreaterThan(1500);
        assertThat(Audio.amplitude(heard, 440)).isLessThan(rms / 10);
        assertThat(Audio.amplitude(heard, 480)).isLessThan(rms / 10);
    }

    @Test
    void silenceStopsTheToneAndTheBridgedAudioContinuesTheSameStream() {
        engine = Engines.start(4);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        try (Phone phoneB = new Phone()) {
            engine.setRemote(a.id(), remote(phone, Codec.PCMU));
            engine.setRemote(b.id(), remote(phoneB, Codec.PCMU));
            engine.bridge(a.id(), b.id());
            engine.play(a.id(), Tone.RINGBACK);
            Phone.Packet tone = phone.receive(3, WAIT).get(2);

            // B's first packet from a stream of its own: whether the tone drops it or SILENCE comes first
            // (the test thread can win that race), the packets after SILENCE start a new stream
            phoneB.send(b.local(), 0, false, 1, 160, ~phoneB.ssrc, Audio.encode(Codec.PCMU, Audio.sine(1000, 8000, 0)));
            Poll.until(() -> engine.stats(b.id()).packetsIn() == 1, WAIT, "B's packet");
            engine.play(a.id(), Tone.SILENCE);
            phone.drain();
            for (int i = 1; i <= 5; i++) {
                phoneB.sendAudio(b.local(), 0, Audio.encode(Codec.PCMU, Audio.sine(1000, 8000, i)));
            }
            // a tone packet sent just before SILENCE took effect may still be in flight: the
            // forwarded stream starts at the packet with the marker bit
            List<Phone.Packet> bridged = new java.util.ArrayList<>(List.of(phone.receiveUntil(Phone.Packet::marker, WAIT)));
            bridged.addAll(phone.receive(4, WAIT));
            short[] heard = Audio.decode(Codec.PCMU, bridged);
            assertThat(Audio.amplitude(heard, 1000)).isGreaterThan(7000);
            assertThat(bridged).allSatisfy(p -> assertThat(p.ssrc()).isEqualTo(tone.ssrc()));
            assertThat(((bridged.get(0).sequence() - tone.sequence()) & 0xFFFF)).isBetween(1, 20);
        }
    }

    static void assertContinuous(List<Phone.Packet> packets) {
        for (int i = 1; i < packets.size(); i++) {
            Phone.Packet previous = packets.get(i - 1);
            Phone.Packet packet = packets.get(i);
            assertThat(packet.ssrc()).isEqualTo(previous.ssrc());
            assertThat(packet.sequence()).isEqualTo((previous.sequence() + 1) & 0xFFFF);
            assertThat(packet.timestamp()).isEqualTo((previous.timestamp() + 160) & 0xFFFF_FFFFL);
            assertThat(packet.payload()).hasSize(160);
        }
    }

    /** The strongest of the C-major notes in the second half of note step {@code step}. */
    private static double strongest(short[] pcm, int step) {
        int noteSamples = 8000 * 360 / 1000;
        int from = step * noteSamples + noteSamples / 2;
        double[] candidates = {196.00, 261.63, 293.66, 329.63, 392.00, 523.25, 659.26};
        double best = 0;
        double bestAmplitude = -1;
        for (double frequency : candidates) {
            double amplitude = Audio.amplitude(pcm, from, noteSamples / 2, frequency);
            if (amplitude > bestAmplitude) {
                bestAmplitude = amplitude;
                best = frequency;
            }
        }
        return best;
    }
}
