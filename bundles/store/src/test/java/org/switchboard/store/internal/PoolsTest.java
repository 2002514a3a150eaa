package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.Test;

class PoolsTest {
    /** H2's own DataSourceFactory, the service its bundle registers in Karaf. */
    private final OsgiDataSourceFactory h2Factory = new OsgiDataSourceFactory(new Driver());

    @Test
    void poolConnectsThroughTheDriversDataSourceFactory() throws SQLException {
        PoolSettings settings = new PoolSettings("jdbc:h2:mem:pools;DB_CLOSE_DELAY=-1", "sa", "", 3,
                Duration.ofSeconds(3));
        try (HikariDataSource pool = Pools.open(h2Factory, settings); Connection connection = pool.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("H2");
            assertThat(Pools.describe(pool)).contains("1 active").contains("3 max");
        }
    }

    @Test
    void poolOpensWhileTheDatabaseIsDownAndFailsCallersAfterTheTimeout() throws SQLException {
        PoolSettings settings = new PoolSettings("jdbc:h2:mem:absent;IFEXISTS=TRUE", "sa", "", 2,
                Duration.ofMillis(250));
        try (HikariDataSource pool = Pools.open(h2Factory, settings)) {
            long started = System.nanoTime();

            assertThatThrownBy(pool::getConnection).isInstanceOf(SQLException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }
}
