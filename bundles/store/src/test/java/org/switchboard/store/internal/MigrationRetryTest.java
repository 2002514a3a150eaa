package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.Test;

class MigrationRetryTest {
    /** Runs scheduled tasks when the test says so and remembers the delays asked for. */
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private final List<Duration> delays = new ArrayList<>();
    private final MigrationRetry.Scheduler scheduler = (task, delay) -> {
        tasks.add(task);
        delays.add(delay);
    };
    private final AtomicInteger announced = new AtomicInteger();

    @Test
    void retriesWithGrowingDelaysUntilTheMigrationSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        MigrationRetry retry = new MigrationRetry(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("Connection refused\nat some.Driver");
            }
            return 2;
        }, scheduler, Backoff.MIGRATIONS, announced::incrementAndGet);

        retry.start();
        assertThat(retry.problem()).contains("first attempt still running");
        tasks.poll().run();
        assertThat(retry.problem()).contains("Connection refused");
        tasks.poll().run();
        assertThat(announced).hasValue(0);
        tasks.poll().run();

        assertThat(delays).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(retry.problem()).isEmpty();
        assertThat(announced).hasValue(1);
        assertThat(tasks).isEmpty();
    }

    @Test
    void unreachableDatabaseIsRetriedNotFatal() throws Exception {
        PoolSettings down = new PoolSettings("jdbc:h2:mem:missing;IFEXISTS=TRUE", "sa", "", 2, Duration.ofMillis(250));
        try (HikariDataSource pool = Pools.open(new OsgiDataSourceFactory(new Driver()), down)) {
            MigrationRetry retry = new MigrationRetry(() -> Migrations.migrate(pool), scheduler, Backoff.MIGRATIONS,
                    announced::incrementAndGet);

            retry.start();
            tasks.poll().run();

            assertThat(retry.problem()).hasValueSatisfying(problem -> assertThat(problem).isNotBlank());
            assertThat(delays).containsExactly(Duration.ZERO, Duration.ofSeconds(1));
            assertThat(announced).hasValue(0);
        }
    }
}
