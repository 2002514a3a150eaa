package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthStatus;

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
        DataSource refusing = new FakeDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                throw new SQLException("Connection refused", "08001");
            }
        };

        assertThat(health(refusing, Optional.empty(), Duration.ofSeconds(5)).check())
                .isEqualTo(Health.down("database unreachable: Connection refused"));
    }

    @Test
    void downInBoundedTimeWhenTheDatabaseHangs() {
        CountDownLatch release = new CountDownLatch(1);
        DataSource hanging = new FakeDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new SQLException("gave up");
            }
        };
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

    /** Only getConnection matters to the health check. */
    abstract static class FakeDataSource implements DataSource {
        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
