package org.switchboard.store.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.switchboard.api.health.Health;

/**
 * The store's health. The probe runs on its own thread and is waited for only briefly, so a hung
 * database yields DOWN in bounded time; one probe at a time, later checks wait on the same one.
 */
final class StoreHealth {
    private final DataSource dataSource;
    private final Supplier<Optional<String>> migrationProblem;
    private final Supplier<String> poolStats;
    private final ExecutorService probes;
    private final Duration timeout;
    private Future<Health> probe;

    StoreHealth(DataSource dataSource, Supplier<Optional<String>> migrationProblem, Supplier<String> poolStats,
            ExecutorService probes, Duration timeout) {
        this.dataSource = dataSource;
        this.migrationProblem = migrationProblem;
        this.poolStats = poolStats;
        this.probes = probes;
        this.timeout = timeout;
    }

    Health check() {
        try {
            Optional<String> problem = migrationProblem.get();
            if (problem.isPresent()) {
                return Health.down("migrations not applied: " + problem.get());
            }
            return currentProbe().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Health.down("database did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("health check interrupted");
        } catch (ExecutionException e) {
            return Health.down("health check failed: " + Failures.brief(e.getCause()));
        } catch (RuntimeException e) {
            return Health.down("health check failed: " + Failures.brief(e));
        }
    }

    private synchronized Future<Health> currentProbe() {
        if (probe == null || probe.isDone()) {
            probe = probes.submit(this::probe);
        }
        return probe;
    }

    private Health probe() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(1)) {
                return Health.down("database connection is not valid");
            }
            DatabaseMetaData metaData = connection.getMetaData();
            String version = metaData.getDatabaseProductVersion().strip().split("\\s+")[0];
            return Health.up(metaData.getDatabaseProductName() + " " + version + ", " + poolStats.get());
        } catch (SQLException e) {
            return Health.down("database unreachable: " + Failures.brief(e));
        }
    }
}
