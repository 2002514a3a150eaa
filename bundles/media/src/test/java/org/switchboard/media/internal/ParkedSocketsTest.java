package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.media.internal.ParkedSockets.Pair;

/**
 * An ended leg's sockets stay bound for the next leg, which gets them only once nothing has
 * arrived on them for a second: late packets of the last call never reach the next one.
 */
class ParkedSocketsTest {
    private static final long SECOND = 1_000_000_000L;
    private MediaEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aQuietParkedPairIsTheNextLegsAndWasNeverClosed() throws InterruptedException {
        engine = Engines.start(2);
        MediaEndpoint first = engine.allocate(UUID.randomUUID());
        engine.release(first.id());
        Poll.until(() -> engine.check().detail().equals("0 endpoints, 2 free ports"), Duration.ofSeconds(2),
                "the pair parked");

        Thread.sleep(ParkedSockets.QUIET_NANOS / 1_000_000 + 200);
        assertThat(Engines.bindable(first.local().getPort(), 2)).as("parked, still bound").isFalse();
        MediaEndpoint next = engine.allocate(UUID.randomUUID());

        assertThat(next.local().getPort()).as("the quiet parked pair before a fresh port")
                .isEqualTo(first.local().getPort());
        assertThat(engine.check().detail()).isEqualTo("1 endpoints, 1 free ports");
    }

    @Test
    void theNextLegsFirstPacketIsItsEvenBeforeItsMediaThreadTookThePair() {
        engine = Engines.start(1);
        MediaEndpoint first = engine.allocate(UUID.randomUUID());
        engine.release(first.id());
        Poll.until(() -> engine.check().detail().equals("0 endpoints, 1 free ports"), Duration.ofSeconds(2),
                "the pair parked");

        try (Phone phone = new Phone()) {
            MediaEndpoint next = engine.allocate(UUID.randomUUID());
            phone.sendAudio(next.local(), 0, new byte[160]); // at once: the media thread attaches it within 10 ms

            Poll.until(() -> engine.stats(next.id()).packetsIn() == 1, Duration.ofSeconds(2),
                    "the packet counted by the new leg, not drained as the last one's");
        }
    }

    @Test
    void aPortTheLastCallsFarEndStillSendsToIsNotHandedOut() throws InterruptedException {
        engine = Engines.start(2);
        MediaEndpoint first = engine.allocate(UUID.randomUUID());
        engine.release(first.id());
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread lateSender = new Thread(() -> {
            try (Phone stale = new Phone()) {
                while (sending.get()) {
                    stale.sendAudio(first.local(), 0, new byte[160]);
                    sleep(20);
                }
            }
        });
        lateSender.start();
        try {
            Thread.sleep(ParkedSockets.QUIET_NANOS / 1_000_000 + 200);
            MediaEndpoint next = engine.allocate(UUID.randomUUID());
            assertThat(next.local().getPort()).as("a fresh port, not the one still receiving")
                    .isNotEqualTo(first.local().getPort());
        } finally {
            sending.set(false);
            lateSender.join();
        }
    }

    @Test
    void theOldestQuietPairComesFirstAndOnesStillBusyAfterThirtySecondsAreGivenUp() {
        ParkedSockets parked = new ParkedSockets(10);
        long now = 100 * SECOND;
        Pair busyForAges = pair(1000, now - 31 * SECOND, now - SECOND / 10);
        Pair quiet = pair(1002, now - 5 * SECOND, now - 2 * SECOND);
        Pair quietToo = pair(1004, now - 4 * SECOND, now - 3 * SECOND);
        parked.park(busyForAges);
        parked.park(quiet);
        parked.park(quietToo);
        List<Pair> stale = new ArrayList<>();

        assertThat(parked.takeQuiet(now, stale)).containsSame(quiet);
        assertThat(stale).containsExactly(busyForAges);
        assertThat(parked.size()).isOne();
    }

    @Test
    void aBusyPairAtTheHeadKeepsTheOthersWaitingUntilItIsStale() {
        ParkedSockets parked = new ParkedSockets(10);
        long now = 100 * SECOND;
        parked.park(pair(1000, now - 2 * SECOND, now - SECOND / 10));
        parked.park(pair(1002, now - SECOND, now - SECOND));
        List<Pair> stale = new ArrayList<>();

        assertThat(parked.takeQuiet(now, stale)).as("the head is young and busy").isEmpty();
        assertThat(stale).isEmpty();
        assertThat(parked.takeQuietest()).map(p -> p.port).as("when nothing else is free").contains(1002);
    }

    @Test
    void atTheLimitAReleasedPairIsNotParkedAndTheParkedOnesStay() {
        ParkedSockets parked = new ParkedSockets(2);
        Pair oldest = pair(1000, 0, 0);

        assertThat(parked.park(oldest)).isTrue();
        assertThat(parked.park(pair(1002, 1, 1))).isTrue();
        assertThat(parked.park(pair(1004, 2, 2))).as("to be closed by the engine").isFalse();
        assertThat(parked.size()).isEqualTo(2);
        assertThat(parked.takeQuiet(ParkedSockets.QUIET_NANOS, new ArrayList<>())).containsSame(oldest);
    }

    private static Pair pair(int port, long parkedNanos, long heardNanos) {
        Pair pair = new Pair(port, null, null, null, parkedNanos);
        pair.heard(heardNanos);
        return pair;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
