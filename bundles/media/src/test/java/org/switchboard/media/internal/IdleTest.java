package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.media.internal.RelayTest.remote;

import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;

/** idle(): how long no RTP at all came from the far end (the calls' media timeout is built on it). */
class IdleTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final MediaEngine engine = Engines.start(2);
    private final Phone phone = new Phone();

    @AfterEach
    void tearDown() {
        phone.close();
        engine.close();
    }

    @Test
    void idleRunsFromAllocationAndAnyPacketEvenSilenceResetsIt() {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phone, Codec.PCMU));
        Poll.until(() -> idleFor(a, 100), WAIT, "idle to count from allocation");

        long sent = System.nanoTime();
        phone.sendAudio(a.local(), 0, new byte[160]); // digital silence is still a packet
        Poll.until(() -> engine.idle(a.id()).compareTo(Duration.ofNanos(System.nanoTime() - sent)) <= 0, WAIT,
                "the packet to reset idle");
        Poll.until(() -> idleFor(a, 100), WAIT, "idle to count again after the packet");
    }

    @Test
    void aFloodFromAnotherHostDoesNotKeepASilentCallAlive() throws Exception {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phone, Codec.PCMU));
        phone.sendAudio(a.local(), 0, new byte[160]); // latched to the phone
        Poll.until(() -> engine.stats(a.id()).packetsIn() == 1, WAIT, "the phone's packet");
        Poll.until(() -> idleFor(a, 200), WAIT, "the phone to fall silent");

        try (Phone stranger = new Phone(InetAddress.getByName("127.0.0.2"), 0)) {
            for (int i = 0; i < 20; i++) {
                stranger.send(a.local(), 0, false, i, i * 160L, ThreadLocalRandom.current().nextInt(), new byte[160]);
            }
            Poll.until(() -> engine.stats(a.id()).dropped() == 20, WAIT, "the stranger's packets to be dropped");
        }

        assertThat(engine.idle(a.id())).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    private boolean idleFor(MediaEndpoint endpoint, long millis) {
        return engine.idle(endpoint.id()).compareTo(Duration.ofMillis(millis)) >= 0;
    }
}
