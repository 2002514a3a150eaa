package org.switchboard.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistrationsCommandTest {

    @Test
    void expiresInShowsMinutesAndSecondsAndHoursWhenThereAreAny() {
        assertThat(RegistrationsCommand.expiresIn(Duration.ofSeconds(3598))).isEqualTo("59:58");
        assertThat(RegistrationsCommand.expiresIn(Duration.ofSeconds(3600))).isEqualTo("1:00:00");
        assertThat(RegistrationsCommand.expiresIn(Duration.ofSeconds(5))).isEqualTo("00:05");
        assertThat(RegistrationsCommand.expiresIn(Duration.ofSeconds(-3))).isEqualTo("00:00");
    }
}
