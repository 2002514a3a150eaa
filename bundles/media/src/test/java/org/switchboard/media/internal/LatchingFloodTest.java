package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.media.internal.RelayTest.remote;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;

/**
 * An RTP flood aimed at a port in use, from another port of the phone's own host and from
 * another host, with fresh SSRCs and with the call's own SSRC: the latch stays on the real
 * phone and the far side hears exactly the real stream.
 */
class LatchingFloodTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int REAL_PACKETS = 200;
    private static final int FLOOD_PER_REAL_PACKET = 20;

    private final MediaEngine engine = Engines.start(2);
    private final Phone phoneA = new Phone();
    private final Phone phoneB = new Phone();

    @AfterEach
    void tearDown() {
        phoneA.close();
        phoneB.close();
        engine.close();
    }

    @Test
    void aFloodToAPortInUseNeitherMovesTheLatchNorReachesTheFarSide() throws Exception {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMU));
        engine.bridge(a.id(), b.id());

        try (Phone sameHost = new Phone(); Phone otherHost = new Phone(InetAddress.getByName("127.0.0.2"), 0)) {
            byte[] flood = filled((byte) 0x55);
            for (int i = 0; i < REAL_PACKETS; i++) {
                phoneA.sendAudio(a.local(), 0, realPayload(i));
                for (int f = 0; f < FLOOD_PER_REAL_PACKET; f++) {
                    Phone attacker = f % 2 == 0 ? sameHost : otherHost;
                    // mostly fresh SSRCs (a "restarted phone"), sometimes the call's own SSRC
                    int ssrc = f % 5 == 0 ? phoneA.ssrc : ThreadLocalRandom.current().nextInt();
                    attacker.send(a.local(), 0, false, i * FLOOD_PER_REAL_PACKET + f, i * 160L, ssrc, flood);
                }
                // one real packet at a time reaches B, in order and unchanged
                List<Phone.Packet> got = phoneB.receive(1, WAIT);
                assertThat(got.get(0).payload()).as("packet %d at B", i).isEqualTo(realPayload(i));
            }
            int floodPackets = REAL_PACKETS * FLOOD_PER_REAL_PACKET;
            Poll.until(() -> engine.stats(a.id()).dropped() == floodPackets, WAIT, "every flood packet to be dropped");
            assertThat(phoneB.receive(Duration.ofMillis(200))).as("nothing of the flood reaches B").isEmpty();
            assertThat(engine.stats(a.id()).packetsIn()).isEqualTo(REAL_PACKETS + floodPackets);
            assertThat(engine.stats(a.id()).lost()).as("the real stream's reception statistics").isZero();

            // B's audio still goes to the real phone, not to either flooding socket
            for (int i = 0; i < 5; i++) {
                phoneB.sendAudio(b.local(), 0, realPayload(i));
            }
            assertThat(phoneA.receive(5, WAIT)).hasSize(5);
            assertThat(sameHost.receive(Duration.ofMillis(100))).isEmpty();
            assertThat(otherHost.receive(Duration.ofMillis(100))).isEmpty();
        }
    }

    private static byte[] realPayload(int index) {
        byte[] payload = filled((byte) 0x7F);
        payload[0] = (byte) index;
        payload[1] = (byte) (index >> 8);
        return payload;
    }

    private static byte[] filled(byte value) {
        byte[] payload = new byte[160];
        Arrays.fill(payload, value);
        return payload;
    }
}
