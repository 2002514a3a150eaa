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
    void parseErrorLeavesOutTheJavaArrayJainSipNames() {
        assertThat(LogText.parseError("[C@5582b5d3: Expecting >>>/<<< got >>>;<<<"))
                .isEqualTo("Expecting >>>/<<< got >>>;<<<");
        assertThat(LogText.parseError("CSeq: x y z: Number format exception")).isEqualTo("CSeq: x y z: Number format exception");
    }

    @Test
    void excerptShowsTheStartOfAMessageOnOneLine() {
        byte[] garbled = "INVITE sip:x@y SIP/2.0\r\nVia: garbage;;;\r\nFrom: \u0001<<<\r\n\r\n".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(LogText.excerpt(garbled)).isEqualTo("INVITE sip:x@y SIP/2.0 | Via: garbage;;; | From: ?<<<");
        assertThat(LogText.excerpt(new byte[4000])).hasSizeLessThanOrEqualTo(LogText.MAX_LENGTH + 1);
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
