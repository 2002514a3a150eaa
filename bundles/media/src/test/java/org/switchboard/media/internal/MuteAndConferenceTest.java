package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.media.internal.RelayTest.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;

class MuteAndConferenceTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private MediaEngine engine;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) { // talkers stop before their phones close
            closeables.get(i).close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void muteReplacesTheAudioBySilenceUntilUnmuted() {
        engine = Engines.start(4);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        Phone phoneA = phone();
        Phone phoneB = phone();
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMA));
        engine.bridge(a.id(), b.id());
        int[] frame = {0};
        Runnable talk = () -> phoneA.sendAudio(a.local(), 0, Audio.encode(Codec.PCMU, Audio.sine(1000, 8000, frame[0]++)));

        talk.run();
        assertThat(Audio.amplitude(Audio.decode(Codec.PCMA, phoneB.receive(1, WAIT).get(0).payload()), 1000)).isGreaterThan(7000);

        engine.mute(a.id(), true);
        List<Phone.Packet> muted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            talk.run();
            muted.add(phoneB.receive(1, WAIT).get(0));
        }
        // the stream goes on (NAT bindings, RTP timeouts) but carries A-law silence
        assertThat(muted).allSatisfy(p -> assertThat(p.payload()).containsOnly((byte) 0xD5));
        assertThat(Audio.rms(Audio.decode(Codec.PCMA, muted))).isLessThan(10);

        engine.mute(a.id(), false);
        talk.run();
        assertThat(Audio.amplitude(Audio.decode(Codec.PCMA, phoneB.receive(1, WAIT).get(0).payload()), 1000)).isGreaterThan(7000);
    }

    @Test
    void eachConferenceMemberHearsTheOthersButNotItself() throws Exception {
        engine = Engines.start(6);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        MediaEndpoint c = engine.allocate(UUID.randomUUID());
        Phone phoneA = phone();
        Phone phoneB = phone();
        Phone phoneC = phone();
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMA));
        engine.setRemote(c.id(), remote(phoneC, Codec.PCMU));
        engine.conference(a.id(), b.id(), c.id());
        closeables.add(new Talker(phoneA, a.local(), Codec.PCMU, 700));
        closeables.add(new Talker(phoneB, b.local(), Codec.PCMA, 1100));
        closeables.add(new Talker(phoneC, c.local(), Codec.PCMU, 0));

        // skip the start, while the mixer's inputs fill
        phoneA.receive(10, WAIT);
        phoneB.receive(10, WAIT);
        phoneC.receive(10, WAIT);
        List<Phone.Packet> atA = phoneA.receive(20, WAIT);
        List<Phone.Packet> atB = phoneB.receive(20, WAIT);
        List<Phone.Packet> atC = phoneC.receive(20, WAIT);

        short[] heardByA = Audio.decode(Codec.PCMU, atA);
        short[] heardByB = Audio.decode(Codec.PCMA, atB);
        short[] heardByC = Audio.decode(Codec.PCMU, atC);
        assertThat(Audio.amplitude(heardByC, 700)).as("C hears A").isGreaterThan(5000);
        assertThat(Audio.amplitude(heardByC, 1100)).as("C hears B").isGreaterThan(5000);
        assertThat(Audio.amplitude(heardByA, 1100)).as("A hears B").isGreaterThan(5000);
        assertThat(Audio.amplitude(heardByA, 700)).as("A does not hear itself").isLessThan(500);
        assertThat(Audio.amplitude(heardByB, 700)).as("B hears A").isGreaterThan(5000);
        assertThat(Audio.amplitude(heardByB, 1100)).as("B does not hear itself").isLessThan(500);

        assertThat(atB).allSatisfy(p -> assertThat(p.payloadType()).isEqualTo(8));
        for (List<Phone.Packet> stream : List.of(atA, atB, atC)) {
            for (int i = 1; i < stream.size(); i++) {
                assertThat(stream.get(i).ssrc()).isEqualTo(stream.get(0).ssrc());
                assertThat(stream.get(i).sequence()).isEqualTo((stream.get(i - 1).sequence() + 1) & 0xFFFF);
                assertThat(stream.get(i).timestamp()).isEqualTo((stream.get(i - 1).timestamp() + 160) & 0xFFFF_FFFFL);
            }
        }
        assertThat(atA.get(0).ssrc()).isNotEqualTo(atB.get(0).ssrc()).isNotEqualTo(atC.get(0).ssrc());

        // A muted: C keeps hearing B only
        engine.mute(a.id(), true);
        phoneC.receive(10, WAIT);
        short[] afterMute = Audio.decode(Codec.PCMU, phoneC.receive(20, WAIT));
        assertThat(Audio.amplitude(afterMute, 700)).isLessThan(500);
        assertThat(Audio.amplitude(afterMute, 1100)).isGreaterThan(5000);
    }

    @Test
    void leavingAThreeWayConferenceLeavesTheOtherTwoMixed() throws Exception {
        engine = Engines.start(6);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        MediaEndpoint c = engine.allocate(UUID.randomUUID());
        Phone phoneA = phone();
        Phone phoneB = phone();
        Phone phoneC = phone();
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMU));
        engine.setRemote(c.id(), remote(phoneC, Codec.PCMU));
        engine.conference(a.id(), b.id(), c.id());
        closeables.add(new Talker(phoneB, b.local(), Codec.PCMU, 1100));
        engine.release(c.id());

        phoneA.receive(10, WAIT);
        short[] heardByA = Audio.decode(Codec.PCMU, phoneA.receive(20, WAIT));
        assertThat(Audio.amplitude(heardByA, 1100)).isGreaterThan(5000);
        assertThat(engine.check().detail()).startsWith("2 endpoints");
    }

    private Phone phone() {
        Phone phone = new Phone();
        closeables.add(phone);
        return phone;
    }
}
