package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.media.internal.RelayTest.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.DtmfListener;
import org.switchboard.api.media.MediaEndpoint;

class DtmfTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final MediaEngine engine = Engines.start(4);
    private final Phone phone = new Phone();

    @AfterEach
    void tearDown() {
        phone.close();
        engine.close();
    }

    @Test
    void sendDtmfProducesRfc4733EventsWithEndPackets() {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phone, Codec.PCMU, 101));
        engine.sendDtmf(a.id(), "1#9");

        List<Phone.Packet> packets = phone.receive(15, WAIT); // 5 per digit
        assertThat(packets).allSatisfy(p -> {
            assertThat(p.payloadType()).isEqualTo(101);
            assertThat(p.payload()).hasSize(4);
        });
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).sequence()).isEqualTo((packets.get(i - 1).sequence() + 1) & 0xFFFF);
            assertThat(packets.get(i).ssrc()).isEqualTo(packets.get(0).ssrc());
        }
        Map<Long, List<Phone.Packet>> events = new TreeMap<>();
        for (Phone.Packet packet : packets) {
            events.computeIfAbsent(packet.timestamp(), ts -> new ArrayList<>()).add(packet);
        }
        assertThat(events).hasSize(3);
        List<Integer> codes = new ArrayList<>();
        long previousTs = -1;
        for (Map.Entry<Long, List<Phone.Packet>> event : events.entrySet()) {
            List<Phone.Packet> eventPackets = event.getValue();
            assertThat(eventPackets).hasSize(5);
            assertThat(eventPackets.get(0).marker()).as("start packet has the marker").isTrue();
            assertThat(eventPackets.subList(1, 5)).noneMatch(Phone.Packet::marker);
            assertThat(eventPackets.subList(0, 2)).allSatisfy(p -> assertThat(p.payload()[1] & 0x80).isZero());
            assertThat(eventPackets.subList(2, 5)).allSatisfy(p -> {
                assertThat(p.payload()[1] & 0x80).as("end bit").isNotZero();
                assertThat(duration(p)).isEqualTo(800); // 100 ms at 8 kHz
            });
            assertThat(duration(eventPackets.get(0))).isLessThan(duration(eventPackets.get(1)));
            assertThat(eventPackets).allSatisfy(p -> assertThat(p.payload()[0]).isEqualTo(eventPackets.get(0).payload()[0]));
            codes.add((int) eventPackets.get(0).payload()[0]);
            if (previousTs >= 0) {
                assertThat(event.getKey() - previousTs).as("100 ms tone + 60 ms gap").isEqualTo(1280L);
            }
            previousTs = event.getKey();
        }
        assertThat(codes).containsExactly(1, 11, 9);
    }

    @Test
    void sendDtmfWithoutTelephoneEventsPlaysTheTwoFrequencies() {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phone, Codec.PCMU));
        engine.sendDtmf(a.id(), "5");

        List<Phone.Packet> packets = phone.receive(8, WAIT); // 5 tone frames + 3 silent frames
        assertThat(packets).allSatisfy(p -> assertThat(p.payloadType()).isZero());
        short[] tone = Audio.decode(Codec.PCMU, packets.subList(0, 5));
        assertThat(Audio.amplitude(tone, 770)).isGreaterThan(5000);
        assertThat(Audio.amplitude(tone, 1336)).isGreaterThan(5000);
        assertThat(Audio.amplitude(tone, 697)).isLessThan(1000);
        assertThat(Audio.amplitude(tone, 1477)).isLessThan(1000);
        assertThat(Audio.rms(Audio.decode(Codec.PCMU, packets.subList(5, 8)))).as("the gap").isLessThan(10);
        assertThat(phone.receive(Duration.ofMillis(100))).as("nothing after the digit").isEmpty();
    }

    @Test
    void invalidDigitsAreRefused() {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        assertThatThrownBy(() -> engine.sendDtmf(a.id(), "12x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachReceivedDigitReachesEveryListenerOnceEvenIfOneFails() {
        record Digit(UUID endpoint, UUID leg, char digit, int millis) {}
        List<Digit> digits = new CopyOnWriteArrayList<>();
        DtmfListener failing = (endpoint, leg, digit, millis) -> {
            throw new IllegalStateException("listener bug");
        };
        engine.addDtmfListener(failing);
        engine.addDtmfListener((endpoint, leg, digit, millis) -> digits.add(new Digit(endpoint, leg, digit, millis)));
        UUID leg = UUID.randomUUID();
        MediaEndpoint a = engine.allocate(leg);
        engine.setRemote(a.id(), remote(phone, Codec.PCMU, 101));

        phone.sendDigit(a.local(), 101, 1);
        phone.sendDigit(a.local(), 101, 11);
        phone.sendAudio(a.local(), 0, new byte[160]);
        Poll.until(() -> engine.stats(a.id()).packetsIn() == 11, WAIT, "all packets processed");

        assertThat(digits).containsExactly(new Digit(a.id(), leg, '1', 100), new Digit(a.id(), leg, '#', 100));
        engine.removeDtmfListener(failing);
    }

    private static int duration(Phone.Packet packet) {
        return ((packet.payload()[2] & 0xFF) << 8) | (packet.payload()[3] & 0xFF);
    }
}
