package org.switchboard.store.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the migrations until they succeed, waiting longer after each failure, then announces that
 * the database is ready. A database that is down at start-up therefore delays the store, never breaks it.
 */
final class MigrationRetry {
    @FunctionalInterface
    interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRetry.class);

    private final IntSupplier migration;
    private final Scheduler scheduler;
    private final Backoff backoff;
    private final Runnable onMigrated;
    private volatile Optional<String> problem = Optional.of("first attempt still running");
    private int failures;

    /** @param migration applies pending migrations, returns how many; throws when it cannot */
    MigrationRetry(IntSupplier migration, Scheduler scheduler, Backoff backoff, Runnable onMigrated) {
        this.migration = migration;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.onMigrated = onMigrated;
    }

    void start() {
        scheduler.schedule(this::attempt, Duration.ZERO);
    }

    /** Why the database is not ready yet; empty once migrated. */
    Optional<String> problem() {
        return problem;
    }

    private void attempt() {
        int applied;
        try {
            applied = migration.getAsInt();
        } catch (RuntimeException e) {
            failures++;
            problem = Optional.of(Failures.brief(e));
            Duration delay = backoff.delayAfter(failures);
            LOG.warn("store: database not ready ({}), attempt {} failed, next in {} s", problem.get(), failures,
                    delay.toSeconds());
            scheduler.schedule(this::attempt, delay);
            return;
        }
        problem = Optional.empty();
        LOG.info("store: database ready, {} migration(s) applied", applied);
        onMigrated.run();
    }
}
