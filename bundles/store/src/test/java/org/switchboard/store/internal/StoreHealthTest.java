package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthStatus;
import org.switchboard.testing.UnreachableDataSource;

class StoreHealthTest {
    private final ExecutorService probes = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopProbes() {
        probes.shutdownNow();
    }

    @OnBothDatabases
    void upNamesTheDatabaseAndItsVersion(TestDatabase db) {
        StoreHealth health = health(db.dataSource(), Optional.empty(), Duration.ofSeconds(5));

        Health result = health.check();

        assertThat(result.status()).isEqualTo(HealthStatus.UP);
        String expected = db.name().equals("H2") ? "H2 2.3.232, " : "PostgreSQL 15.";
        assertThat(result.detail()).startsWith(expected).endsWith("pool stats");
    }

    @OnBothDatabases
    void downUntilMigrationsHaveRun(TestDatabase db) {
        StoreHealth health = health(db.dataSource(), Optional.of("Connection refused"), Duration.ofSeconds(5));

        assertThat(health.check()).isEqualTo(Health.down("migrations not applied: Connection refused"));
    }

    @Test
    void downWhenTheDatabaseRefusesConnections() {
        DataSource refusing = new UnreachableDataSource("Connection refused", new CountDownLatch(0));

        assertThat(health(refusing, Optional.empty(), Duration.ofSeconds(5)).check())
                .isEqualTo(Health.down("database unreachable: Connection refused"));
    }

    @Test
    void downInBoundedTimeWhenTheDatabaseHangs() {
        CountDownLatch release = new CountDownLatch(1);
        DataSource hanging = new UnreachableDataSource("gave up", release);
        StoreHealth health = health(hanging, Optional.empty(), Duration.ofMillis(100));
        try {
            long started = System.nanoTime();

            Health first = health.check();
            Health second = health.check();

            assertThat(first).isEqualTo(Health.down("database did not answer within 100 ms"));
            assertThat(second).isEqualTo(first);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        } finally {
            release.countDown();
        }
    }

    private StoreHealth health(DataSource dataSource, Optional<String> migrationProblem, Duration timeout) {
        return new StoreHealth(dataSource, () -> migrationProblem, () -> "pool stats", probes, timeout);
    }
}
