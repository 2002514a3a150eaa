package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {
    private static final String DEFAULT_URL = "jdbc:h2:file:${karaf.data}/switchboard/db";

    @Test
    void karafDataIsTakenFromTheSystemProperty() {
        Properties system = new Properties();
        system.setProperty("karaf.data", "/opt/switchboard/data");

        assertThat(PoolSettings.resolve(DEFAULT_URL, system)).isEqualTo("jdbc:h2:file:/opt/switchboard/data/switchboard/db");
    }

    @Test
    void karafDataFallsBackToTheWorkingDirectory() {
        assertThat(PoolSettings.resolve(DEFAULT_URL, new Properties())).isEqualTo("jdbc:h2:file:./data/switchboard/db");
    }

    @Test
    void unknownPlaceholdersAndPlainUrlsStayAsTheyAre() {
        assertThat(PoolSettings.resolve("jdbc:postgresql://db/${nope}", new Properties()))
                .isEqualTo("jdbc:postgresql://db/${nope}");
        assertThat(PoolSettings.resolve("jdbc:postgresql://db:5432/sb", new Properties()))
                .isEqualTo("jdbc:postgresql://db:5432/sb");
    }

    @Test
    void loggedUrlLeavesOutParametersThatMayHoldCredentials() {
        PoolSettings settings = new PoolSettings("jdbc:postgresql://db/sb?user=sb&password=hunter2", "sb", "hunter2",
                10, Duration.ofSeconds(3));

        assertThat(settings.redactedUrl()).isEqualTo("jdbc:postgresql://db/sb");
        assertThat(settings.toString()).doesNotContain("hunter2");
    }

    @Test
    void nonsensicalPoolSettingsAreRefused() {
        assertThatThrownBy(() -> new PoolSettings("jdbc:h2:mem:x", "sa", "", 0, Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PoolSettings("jdbc:h2:mem:x", "sa", "", 10, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
