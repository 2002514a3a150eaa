package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.sip.internal.Admission.Verdict.ADMIT;
import static org.switchboard.sip.internal.Admission.Verdict.IGNORE;
import static org.switchboard.sip.internal.Admission.Verdict.REFUSE;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.switchboard.testing.MutableClock;

class AdmissionTest {
    private static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final AtomicLong queueDelay = new AtomicLong();
    private final AtomicInteger liveCalls = new AtomicInteger();
    private final AuthFailures blocks = new AuthFailures(10, Duration.ofSeconds(300), clock);
    private final InetAddress carrier = address("192.0.2.1");
    private final InetAddress phone = address("192.0.2.10");
    private final InetAddress scanner = address("198.51.100.66");

    private Admission admission(int callsPerSecond, int maxConcurrent, int floodLimit) {
        return new Admission(new Admission.Limits(callsPerSecond, Duration.ofMillis(200), maxConcurrent, floodLimit, 2),
                queueDelay::get, liveCalls::get, blocks, clock);
    }

    @Test
    void withNoLoadEveryNewCallIsAdmitted() {
        Admission admission = admission(0, 0, 20);

        for (int i = 0; i < 1000; i++) {
            assertThat(admission.newCall(carrier, true, false)).isEqualTo(ADMIT);
        }
        assertThat(admission.newCall(phone, false, true)).isEqualTo(ADMIT);
        assertThat(admission.newRequest(false)).isEqualTo(ADMIT);
        assertThat(admission.takeRefused()).isZero();
    }

    @Test
    void theCallRateAdmitsTheConfiguredCallsPerSecondAndRefusesTheExcess() {
        Admission admission = admission(50, 0, 20);
        List<Admission.Verdict> verdicts = new ArrayList<>();

        // twice the limit for 5 s: one call every 10 ms
        for (int i = 0; i < 500; i++) {
            verdicts.add(admission.newCall(carrier, true, false));
            clock.advance(Duration.ofMillis(10));
        }

        long admitted = verdicts.stream().filter(v -> v == ADMIT).count();
        assertThat(admitted).isBetween(250L, 260L); // 50/s for 5 s, plus the 0.2 s reserve
        assertThat(verdicts).doesNotContain(IGNORE);
        assertThat(admission.takeRefused()).isEqualTo(500 - admitted);
        assertThat(admission.takeRefused()).as("reset once taken").isZero();
    }

    @Test
    void theRateRecoversOnceTheCallersBackOff() {
        Admission admission = admission(10, 0, 20);
        while (admission.newCall(carrier, true, false) == ADMIT) {
            // use up the reserve
        }

        clock.advance(Duration.ofMillis(100));

        assertThat(admission.newCall(carrier, true, false)).isEqualTo(ADMIT);
        assertThat(admission.newCall(carrier, true, false)).isEqualTo(REFUSE);
    }

    @Test
    void workersFallingBehindRefusePhonesFirstThenTrunks() {
        Admission admission = admission(0, 0, 20);

        queueDelay.set(150); // past half the 200 ms allowed
        assertThat(admission.newCall(phone, false, true)).isEqualTo(REFUSE);
        assertThat(admission.newRequest(false)).as("a phone's REGISTER").isEqualTo(REFUSE);
        assertThat(admission.newCall(carrier, true, false)).isEqualTo(ADMIT);
        assertThat(admission.newRequest(true)).as("a carrier's OPTIONS").isEqualTo(ADMIT);

        queueDelay.set(201);
        assertThat(admission.newCall(carrier, true, false)).isEqualTo(REFUSE);
        assertThat(admission.newRequest(true)).isEqualTo(ADMIT);

        queueDelay.set(0);
        assertThat(admission.newCall(carrier, true, false)).isEqualTo(ADMIT);
        assertThat(admission.newCall(phone, false, true)).isEqualTo(ADMIT);
    }

    @Test
    void concurrentCallsAboveTheLimitAreRefused() {
        Admission admission = admission(0, 100, 20);

        liveCalls.set(99);
        assertThat(admission.newCall(carrier, true, false)).isEqualTo(ADMIT);
        liveCalls.set(100);
        assertThat(admission.newCall(carrier, true, false)).isEqualTo(REFUSE);
        assertThat(admission.newCall(phone, false, true)).isEqualTo(REFUSE);
        assertThat(admission.newCall(phone, false, false)).as("a challenge costs no call").isEqualTo(ADMIT);
    }

    @Test
    void anAddressFloodingInvitesWithoutCredentialsIsBlockedForBlockSeconds() {
        Admission admission = admission(0, 0, 20);

        for (int i = 0; i < 20; i++) {
            assertThat(admission.newCall(scanner, false, false)).as("INVITE %d", i + 1).isEqualTo(ADMIT);
        }
        assertThat(admission.newCall(scanner, false, false)).isEqualTo(IGNORE);

        assertThat(blocks.isBlocked(scanner)).isTrue();
        assertThat(blocks.isBlocked(phone)).isFalse();
        clock.advance(Duration.ofSeconds(300));
        assertThat(blocks.isBlocked(scanner)).isFalse();
    }

    @Test
    void unauthenticatedInvitesSpreadOverSecondsAreNoFlood() {
        Admission admission = admission(0, 0, 20);

        for (int i = 0; i < 200; i++) {
            assertThat(admission.newCall(phone, false, false)).isEqualTo(ADMIT);
            clock.advance(Duration.ofMillis(60));
        }
        assertThat(blocks.isBlocked(phone)).isFalse();
    }

    @Test
    void trunkCallsAndCallsWithCredentialsNeverCountAsFlood() {
        Admission admission = admission(0, 0, 5);

        for (int i = 0; i < 100; i++) {
            assertThat(admission.newCall(carrier, true, false)).isEqualTo(ADMIT);
            assertThat(admission.newCall(phone, false, true)).isEqualTo(ADMIT);
        }
        assertThat(blocks.isBlocked(carrier)).isFalse();
        assertThat(blocks.isBlocked(phone)).isFalse();
    }

    @Test
    void aFloodLimitOfZeroBlocksNobody() {
        Admission admission = admission(0, 0, 0);

        for (int i = 0; i < 1000; i++) {
            assertThat(admission.newCall(scanner, false, false)).isEqualTo(ADMIT);
        }
        assertThat(blocks.isBlocked(scanner)).isFalse();
    }

    @Test
    void retryAfterIsJitteredBetweenTheConfiguredSecondsAndTwiceThat() {
        Admission admission = admission(0, 0, 20);
        List<Integer> seen = new ArrayList<>();

        for (int i = 0; i < 200; i++) {
            seen.add(admission.retryAfterSeconds());
        }

        assertThat(seen).allMatch(s -> s >= 2 && s <= 4).contains(2, 3, 4);
    }

    @Test
    void limitsOutOfRangeAreRejectedWithTheKeyNamed() {
        assertThatThrownBy(() -> new Admission.Limits(-1, Duration.ofMillis(200), 0, 20, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Admission.Limits(0, Duration.ofMillis(5), 0, 20, 2))
                .hasMessageContaining("maxQueueDelayMillis");
        assertThatThrownBy(() -> new Admission.Limits(0, Duration.ofMillis(200), 0, 20, 0))
                .hasMessageContaining("retryAfterSeconds");
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
