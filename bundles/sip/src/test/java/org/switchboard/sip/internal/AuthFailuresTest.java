package org.switchboard.sip.internal;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthFailuresTest {
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final AuthFailures failures = new AuthFailures(10, Duration.ofSeconds(300), clock);
    private final InetAddress scanner = address("192.0.2.66");
    private final InetAddress phone = address("192.0.2.10");

    @Test
    void theFailureOverTheLimitBlocksTheAddressForBlockSeconds() {
        for (int i = 0; i < 10; i++) {
            assertThat(failures.recordFailure(scanner)).as("failure %d", i + 1).isEmpty();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(failures.isBlocked(scanner)).isFalse();

        assertThat(failures.recordFailure(scanner)).contains(T0.plusSeconds(10 + 300));
        assertThat(failures.isBlocked(scanner)).isTrue();
        assertThat(failures.isBlocked(phone)).isFalse();

        clock.advance(Duration.ofSeconds(299));
        assertThat(failures.isBlocked(scanner)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(failures.isBlocked(scanner)).isFalse();
    }

    @Test
    void failuresOlderThanAMinuteDoNotCount() {
        for (int i = 0; i < 10; i++) {
            failures.recordFailure(scanner);
        }
        clock.advance(Duration.ofSeconds(61));

        for (int i = 0; i < 10; i++) {
            assertThat(failures.recordFailure(scanner)).isEmpty();
        }
        assertThat(failures.isBlocked(scanner)).isFalse();
    }

    @Test
    void afterTheBlockTheCountStartsAgain() {
        for (int i = 0; i < 11; i++) {
            failures.recordFailure(scanner);
        }
        clock.advance(Duration.ofSeconds(300));

        assertThat(failures.recordFailure(scanner)).isEmpty();
        assertThat(failures.isBlocked(scanner)).isFalse();
    }

    @Test
    void purgeForgetsQuietAddressesButKeepsBlockedOnes() {
        failures.recordFailure(phone);
        for (int i = 0; i < 11; i++) {
            failures.recordFailure(scanner);
        }
        clock.advance(Duration.ofSeconds(61));

        failures.purge();

        assertThat(failures.tracked()).isEqualTo(1);
        assertThat(failures.isBlocked(scanner)).isTrue();
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
