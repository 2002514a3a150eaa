package org.switchboard.sip.internal;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void networkTextBecomesOneSafeLine() {
        assertThat(LogText.oneLine("Content-Length: -999\n:For input string: \"\"")).isEqualTo(
                "Content-Length: -999: For input string: \"\"");
        assertThat(LogText.oneLine("a\u0000b\r\nc")).isEqualTo("a?b: c");
        assertThat(LogText.oneLine("x".repeat(500))).hasSize(LogText.MAX_LENGTH + 1);
    }

    @Test
    void throttleAdmitsAFewPerWindowAndCountsTheRest() {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
        LogThrottle throttle = new LogThrottle(2, Duration.ofMinutes(1), clock);

        assertThat(throttle.admit()).isZero();
        assertThat(throttle.admit()).isZero();
        assertThat(throttle.admit()).isEqualTo(-1);
        assertThat(throttle.admit()).isEqualTo(-1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.admit()).isEqualTo(2);
        assertThat(throttle.admit()).isZero();
    }
}
