package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.health.HealthStatus;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.MediaUnavailableException;
import org.switchboard.api.media.RemoteMedia;
import org.switchboard.api.media.Tone;

class RelayTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    private MediaEngine engine;
    private final Phone phoneA = new Phone();
    private final Phone phoneB = new Phone();

    @AfterEach
    void tearDown() {
        phoneA.close();
        phoneB.close();
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void sameCodecIsRelayedUnchangedBothWays() {
        engine = Engines.start(4);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMU));
        engine.bridge(a.id(), b.id());

        byte[][] sent = new byte[5][];
        for (int i = 0; i < 5; i++) {
            sent[i] = Audio.encode(Codec.PCMU, Audio.sine(1000, 6000, i));
            phoneA.sendAudio(a.local(), 0, sent[i]);
        }
        List<Phone.Packet> atB = phoneB.receive(5, WAIT);
        for (int i = 0; i < 5; i++) {
            assertThat(atB.get(i).payloadType()).isZero();
            assertThat(atB.get(i).payload()).isEqualTo(sent[i]);
            assertThat(atB.get(i).source()).isEqualTo(b.local());
            assertThat(atB.get(i).ssrc()).isEqualTo(atB.get(0).ssrc());
            assertThat(atB.get(i).sequence()).isEqualTo((atB.get(0).sequence() + i) & 0xFFFF);
            assertThat(atB.get(i).timestamp()).isEqualTo((atB.get(0).timestamp() + 160L * i) & 0xFFFF_FFFFL);
        }
        assertThat(atB.get(0).marker()).as("a new source starts a talk spurt").isTrue();

        byte[] back = Audio.encode(Codec.PCMU, Audio.sine(500, 6000, 0));
        phoneB.sendAudio(b.local(), 0, back);
        Phone.Packet atA = phoneA.receive(1, WAIT).get(0);
        assertThat(atA.payload()).isEqualTo(back);
        assertThat(atA.source()).isEqualTo(a.local());

        assertThat(engine.stats(a.id()).packetsIn()).isEqualTo(5);
        assertThat(engine.stats(b.id()).packetsOut()).isEqualTo(5);
        assertThat(engine.stats(a.id()).lost()).isZero();
    }

    @Test
    void totalsCountLiveAndReleasedEndpointsAndNeverGoBackWhenALegEnds() {
        engine = Engines.start(4);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMU));
        engine.bridge(a.id(), b.id());
        byte[] audio = Audio.encode(Codec.PCMU, Audio.sine(1000, 6000, 0));
        for (int seq : new int[] {1, 2, 4, 5}) { // 3 never arrives
            phoneA.send(a.local(), 0, false, seq, seq * 160L, 7, audio);
        }
        phoneB.receive(4, WAIT);
        assertThat(engine.totals().endpoints()).isEqualTo(2);
        assertThat(engine.totals().packetsReceived()).isEqualTo(4);
        assertThat(engine.totals().packetsLost()).isEqualTo(1);

        engine.release(a.id());
        Poll.until(() -> engine.totals().endpoints() == 1 && engine.totals().packetsReceived() == 4, WAIT,
                "the released endpoint's packets kept in the totals");
        assertThat(engine.totals().packetsLost()).isEqualTo(1);
        assertThat(engine.totals().jitterMaxMillis()).isZero(); // b never received anything
    }

    @Test
    void repliesGoToTheSdpAddressUntilThePhoneSendsThenToWhereItSendsFrom() {
        engine = Engines.start(4);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        try (Phone announced = new Phone(); Phone moved = new Phone()) {
            engine.setRemote(a.id(), remote(announced, Codec.PCMU)); // phone A's SDP names another port
            engine.setRemote(b.id(), remote(phoneB, Codec.PCMU));
            engine.bridge(a.id(), b.id());

            phoneB.sendAudio(b.local(), 0, silence());
            assertThat(announced.receive(1, WAIT)).hasSize(1);

            phoneA.sendAudio(a.local(), 0, silence()); // the phone really sends from here: latched
            phoneB.receive(1, WAIT);
            phoneB.sendAudio(b.local(), 0, silence());
            assertThat(phoneA.receive(1, WAIT).get(0).source()).isEqualTo(a.local());

            // new source, new SSRC (phone restarted): re-latched once the old port has gone quiet
            long sentBeforeQuiet = System.nanoTime();
            Poll.until(() -> {
                moved.sendAudio(a.local(), 0, silence());
                return phoneB.receive(Duration.ofMillis(20)).isPresent();
            }, WAIT, "the restarted phone's audio to be relayed");
            assertThat(System.nanoTime() - sentBeforeQuiet).as("the latch moved only after the quiet period")
                    .isGreaterThanOrEqualTo(Endpoint.RELATCH_QUIET_NANOS);
            phoneB.sendAudio(b.local(), 0, silence());
            assertThat(moved.receive(1, WAIT)).hasSize(1);

            // the old address replaying the current SSRC does not take the call back
            long droppedBefore = engine.stats(a.id()).dropped();
            phoneA.send(a.local(), 0, false, 7, 7, moved.ssrc, silence());
            Poll.until(() -> engine.stats(a.id()).dropped() == droppedBefore + 1, WAIT, "the foreign packet to be dropped");
            phoneB.sendAudio(b.local(), 0, silence());
            assertThat(moved.receive(1, WAIT)).hasSize(1);
            assertThat(phoneA.receive(Duration.ofMillis(100))).isEmpty();
        }
    }

    @Test
    void anRtpFloodFromAnotherHostCannotTakeTheCallsAudio() throws Exception {
        engine = Engines.start(4);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMU));
        engine.bridge(a.id(), b.id());
        phoneA.sendAudio(a.local(), 0, silence()); // latched to phone A
        phoneB.receive(1, WAIT);
        try (Phone attacker = new Phone(java.net.InetAddress.getByName("127.0.0.2"), 0)) {
            for (int i = 0; i < 50; i++) {
                attacker.send(a.local(), 0, false, i, i * 160L, ThreadLocalRandom.current().nextInt(), silence());
            }
            Poll.until(() -> engine.stats(a.id()).dropped() == 50, WAIT, "the flood to be dropped");

            phoneB.sendAudio(b.local(), 0, silence());
            assertThat(phoneA.receive(1, WAIT)).hasSize(1);
            assertThat(attacker.receive(Duration.ofMillis(200))).isEmpty();
            assertThat(phoneB.receive(Duration.ofMillis(200))).as("nothing of the flood reaches B").isEmpty();
        }
    }

    @Test
    void withoutLatchingRepliesAlwaysGoToTheSdpAddress() {
        engine = Engines.start(4, false);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        try (Phone announced = new Phone()) {
            engine.setRemote(a.id(), remote(announced, Codec.PCMU));
            engine.setRemote(b.id(), remote(phoneB, Codec.PCMU));
            engine.bridge(a.id(), b.id());
            phoneA.sendAudio(a.local(), 0, silence());
            phoneB.receive(1, WAIT);
            phoneB.sendAudio(b.local(), 0, silence());
            assertThat(announced.receive(1, WAIT)).hasSize(1);
        }
    }

    @Test
    void garbageAndShortPacketsAreDroppedAndTheEndpointStillRelays() {
        engine = Engines.start(4);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMU));
        engine.bridge(a.id(), b.id());

        phoneA.sendRaw(a.local(), new byte[] {(byte) 0x80, 0, 1});                 // 3 bytes
        phoneA.sendRaw(a.local(), new byte[11]);                                  // shorter than a header
        byte[] versionOne = new byte[172];
        versionOne[0] = 0x40;
        phoneA.sendRaw(a.local(), versionOne);                                    // RTP version 1
        byte[] noise = new byte[200];
        new java.util.Random(42).nextBytes(noise);
        noise[0] = 0x13;
        phoneA.sendRaw(a.local(), noise);                                         // garbage
        phoneA.send(a.local(), 99, false, 1, 1, 1, new byte[160]);                // unknown payload type
        byte[] badExtension = new byte[12 + 4];
        badExtension[0] = (byte) 0x90;                                            // extension bit, header runs past the end
        badExtension[14] = 0x7F;
        phoneA.sendRaw(a.local(), badExtension);
        phoneA.sendRaw(a.local(), new byte[0]);                                   // empty datagram

        Poll.until(() -> engine.stats(a.id()).dropped() == 7, WAIT, "7 dropped packets");
        assertThat(phoneB.receive(Duration.ofMillis(50))).isEmpty();

        byte[] good = Audio.encode(Codec.PCMU, Audio.sine(1000, 6000, 0));
        phoneA.sendAudio(a.local(), 0, good);
        assertThat(phoneB.receive(1, WAIT).get(0).payload()).isEqualTo(good);
        assertThat(engine.stats(a.id()).packetsIn()).isEqualTo(8);
    }

    @Test
    void rtcpIsRelayedAsIsToThePeersRtcpPort() {
        engine = Engines.start(4);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        InetSocketAddress aRtcp = new InetSocketAddress(a.local().getAddress(), a.local().getPort() + 1);
        int phonePorts = Engines.freeRange(1);
        try (Phone rtpB = new Phone(phonePorts); Phone rtcpB = new Phone(phonePorts + 1)) {
            engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
            engine.setRemote(b.id(), remote(rtpB, Codec.PCMU));
            engine.bridge(a.id(), b.id());
            phoneA.sendRaw(aRtcp, new byte[] {1, 2, 3}); // not RTCP: dropped
            byte[] senderReport = new byte[28];
            senderReport[0] = (byte) 0x80;
            senderReport[1] = (byte) 200;
            senderReport[3] = 6;
            for (int i = 4; i < senderReport.length; i++) {
                senderReport[i] = (byte) (i * 37);
            }
            phoneA.sendRaw(aRtcp, senderReport);
            Phone.Packet relayed = rtcpB.receive(1, WAIT).get(0);
            assertThat(relayed.raw()).as("relayed as-is").isEqualTo(senderReport);
            assertThat(relayed.source().getPort()).isEqualTo(b.local().getPort() + 1);
            assertThat(rtpB.receive(Duration.ofMillis(50))).as("nothing on the RTP port").isEmpty();
        }
    }

    @Test
    void releaseFreesThePortForTheNextLegAndAnExhaustedRangeThrows() {
        engine = Engines.start(1);
        MediaEndpoint first = engine.allocate(UUID.randomUUID());
        assertThatThrownBy(() -> engine.allocate(UUID.randomUUID())).isInstanceOf(MediaUnavailableException.class);
        assertThat(engine.check().detail()).isEqualTo("1 endpoints, 0 free ports");

        engine.release(first.id());
        // the sockets stay bound, parked for the next leg (ParkedSocketsTest)
        assertThat(Engines.bindable(first.local().getPort(), 2)).as("RTP and RTCP ports parked, not closed").isFalse();
        assertThatThrownBy(() -> engine.release(first.id())).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> engine.play(first.id(), Tone.RINGBACK)).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> engine.setRemote(first.id(), remote(phoneA, Codec.PCMU)))
                .isInstanceOf(NoSuchElementException.class);

        Poll.until(() -> engine.check().detail().equals("0 endpoints, 1 free ports"), WAIT, "the port back in the pool");
        MediaEndpoint again = engine.allocate(UUID.randomUUID());
        assertThat(again.local().getPort()).isEqualTo(first.local().getPort());
        assertThat(again.id()).isNotEqualTo(first.id());
    }

    @Test
    void healthCountsEndpointsAndFreePortsAndStopsDown() {
        engine = Engines.start(3);
        engine.allocate(UUID.randomUUID());
        engine.allocate(UUID.randomUUID());
        assertThat(engine.name()).isEqualTo("media");
        assertThat(engine.check().status()).isEqualTo(HealthStatus.UP);
        assertThat(engine.check().detail()).isEqualTo("2 endpoints, 1 free ports");
        engine.close();
        assertThat(engine.check().status()).isEqualTo(HealthStatus.DOWN);
        assertThatThrownBy(() -> engine.allocate(UUID.randomUUID())).isInstanceOf(MediaUnavailableException.class);
        assertThat(engine.mediaThreads()).noneMatch(Thread::isAlive);
        Poll.until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("switchboard-media") && t.isAlive()), WAIT, "no media thread left");
        engine = null;
    }

    @Test
    void nothingIsSentToTheUnspecifiedAddressAPhoneAnnounces() {
        engine = Engines.start(4);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        try (Phone onThisHost = new Phone()) {
            // 0.0.0.0 at onThisHost's port: sent there, the kernel would deliver it to onThisHost
            engine.setRemote(a.id(), new RemoteMedia(new InetSocketAddress("0.0.0.0", onThisHost.address().getPort()),
                    Codec.PCMU, OptionalInt.empty()));
            engine.setRemote(b.id(), remote(phoneB, Codec.PCMU));
            engine.bridge(a.id(), b.id());

            phoneB.sendAudio(b.local(), 0, Audio.encode(Codec.PCMU, Audio.sine(1000, 6000, 0)));

            assertThat(onThisHost.receive(Duration.ofMillis(300))).as("nothing sent to 0.0.0.0").isEmpty();
            // a real address announced later (the phone resumes) gets the audio again
            engine.setRemote(a.id(), remote(onThisHost, Codec.PCMU));
            phoneB.sendAudio(b.local(), 0, Audio.encode(Codec.PCMU, Audio.sine(1000, 6000, 1)));
            assertThat(onThisHost.receive(1, WAIT)).hasSize(1);
        }
    }

    static RemoteMedia remote(Phone phone, Codec codec) {
        return new RemoteMedia(phone.address(), codec, OptionalInt.empty());
    }

    static RemoteMedia remote(Phone phone, Codec codec, int telephoneEvent) {
        return new RemoteMedia(phone.address(), codec, OptionalInt.of(telephoneEvent));
    }

    private static byte[] silence() {
        return Audio.encode(Codec.PCMU, new short[160]);
    }
}
