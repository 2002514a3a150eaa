package org.switchboard.sip.internal;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NoncesTest {
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final Nonces nonces = new Nonces(new byte[32], Duration.ofSeconds(300), clock);

    @Test
    void nonceIsFreshForItsValidityThenStale() {
        String nonce = nonces.create();

        assertThat(nonces.check(nonce)).isEqualTo(Nonces.Validity.FRESH);
        clock.advance(Duration.ofSeconds(300));
        assertThat(nonces.check(nonce)).isEqualTo(Nonces.Validity.FRESH);
        clock.advance(Duration.ofMillis(1));
        assertThat(nonces.check(nonce)).isEqualTo(Nonces.Validity.STALE);
        assertThat(nonces.issuedAt(nonce)).contains(T0);
    }

    @Test
    void nonceOfAnotherKeyIsUnknown() {
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        String foreign = new Nonces(otherKey, Duration.ofSeconds(300), clock).create();

        assertThat(nonces.check(foreign)).isEqualTo(Nonces.Validity.UNKNOWN);
    }

    @Test
    void tamperedOrGarbageNonceIsUnknown() {
        String nonce = nonces.create();
        char last = nonce.charAt(nonce.length() - 1);
        String tampered = nonce.substring(0, nonce.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(nonces.check(tampered)).isEqualTo(Nonces.Validity.UNKNOWN);
        assertThat(nonces.check("not base64 !")).isEqualTo(Nonces.Validity.UNKNOWN);
        assertThat(nonces.check("")).isEqualTo(Nonces.Validity.UNKNOWN);
        assertThat(nonces.check(null)).isEqualTo(Nonces.Validity.UNKNOWN);
        assertThat(nonces.check("A".repeat(100))).isEqualTo(Nonces.Validity.UNKNOWN);
    }

    @Test
    void nonceFromTheFutureIsUnknown() {
        clock.advance(Duration.ofMinutes(1));
        String issuedLater = nonces.create();
        MutableClock earlier = new MutableClock(T0);

        assertThat(new Nonces(new byte[32], Duration.ofSeconds(300), earlier).check(issuedLater))
                .isEqualTo(Nonces.Validity.UNKNOWN);
    }

    @Test
    void noncesOfTheSameMillisecondDiffer() {
        assertThat(nonces.create()).isNotEqualTo(nonces.create());
    }
}
