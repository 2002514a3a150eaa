package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delayDoublesAfterEachFailureUpToTheCap() {
        Backoff backoff = Backoff.MIGRATIONS;

        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayAfter(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(backoff.delayAfter(7)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.delayAfter(10_000)).isEqualTo(Duration.ofMinutes(1));
    }
}
