package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.media.internal.RelayTest.remote;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;

class TranscodingTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    private MediaEngine engine;
    private MediaEndpoint a;
    private MediaEndpoint b;
    private final Phone phoneA = new Phone();
    private final Phone phoneB = new Phone();

    @BeforeEach
    void setUp() {
        engine = Engines.start(4);
        a = engine.allocate(UUID.randomUUID());
        b = engine.allocate(UUID.randomUUID());
    }

    @AfterEach
    void tearDown() {
        phoneA.close();
        phoneB.close();
        engine.close();
    }

    @Test
    void pcmuToneReachesThePcmaSideAsTheSameTone() {
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMA));
        engine.bridge(a.id(), b.id());

        for (int i = 0; i < 10; i++) {
            phoneA.sendAudio(a.local(), Codec.PCMU.payloadType(), Audio.encode(Codec.PCMU, Audio.sine(1000, 8000, i)));
        }
        List<Phone.Packet> atB = phoneB.receive(10, WAIT);
        assertThat(atB).allSatisfy(p -> assertThat(p.payloadType()).isEqualTo(Codec.PCMA.payloadType()));
        short[] heard = Audio.decode(Codec.PCMA, atB);
        assertThat(Audio.amplitude(heard, 1000)).isBetween(7000.0, 9000.0);
        assertThat(Audio.amplitude(heard, 500)).isLessThan(200);
        assertThat(Audio.amplitude(heard, 2000)).isLessThan(200);

        // and back: PCMA from B arrives at A as PCMU
        for (int i = 0; i < 10; i++) {
            phoneB.sendAudio(b.local(), Codec.PCMA.payloadType(), Audio.encode(Codec.PCMA, Audio.sine(600, 8000, i)));
        }
        List<Phone.Packet> atA = phoneA.receive(10, WAIT);
        assertThat(atA).allSatisfy(p -> assertThat(p.payloadType()).isEqualTo(Codec.PCMU.payloadType()));
        short[] back = Audio.decode(Codec.PCMU, atA);
        assertThat(Audio.amplitude(back, 600)).isBetween(7000.0, 9000.0);
        assertThat(Audio.amplitude(back, 1000)).isLessThan(200);
    }

    @Test
    void telephoneEventsGetTheReceiversPayloadType() {
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU, 101));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMU, 96));
        engine.bridge(a.id(), b.id());

        phoneA.sendDigit(a.local(), 101, 7);
        List<Phone.Packet> atB = phoneB.receive(5, WAIT);
        assertThat(atB).allSatisfy(p -> {
            assertThat(p.payloadType()).isEqualTo(96);
            assertThat(p.payload()[0]).isEqualTo((byte) 7);
            assertThat(p.timestamp()).isEqualTo(atB.get(0).timestamp());
        });
        assertThat(atB.stream().filter(p -> (p.payload()[1] & 0x80) != 0)).hasSize(3);
    }

    @Test
    void telephoneEventsBecomeInBandTonesForAReceiverWithout4733() {
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU, 101));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMA));
        engine.bridge(a.id(), b.id());

        phoneA.sendDigit(a.local(), 101, 5); // 770 + 1336 Hz
        List<Phone.Packet> atB = phoneB.receive(5, WAIT);
        assertThat(atB).allSatisfy(p -> assertThat(p.payloadType()).isEqualTo(Codec.PCMA.payloadType()));
        short[] tone = Audio.decode(Codec.PCMA, atB);
        assertThat(Audio.amplitude(tone, 770)).isGreaterThan(5000);
        assertThat(Audio.amplitude(tone, 1336)).isGreaterThan(5000);
        assertThat(Audio.amplitude(tone, 697)).isLessThan(1500);
        assertThat(Audio.amplitude(tone, 1209)).isLessThan(1500);
    }
}
