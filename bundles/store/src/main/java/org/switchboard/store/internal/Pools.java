package org.switchboard.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.osgi.service.jdbc.DataSourceFactory;

/** HikariCP pools over a driver's OSGi {@link DataSourceFactory}, so no driver class is loaded by name. */
final class Pools {
    static final String POOL_NAME = "switchboard";

    private Pools() {}

    /** Never fails because the database is down: the pool connects lazily and keeps trying. */
    static HikariDataSource open(DataSourceFactory factory, PoolSettings settings) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty(DataSourceFactory.JDBC_URL, settings.url());
        properties.setProperty(DataSourceFactory.JDBC_USER, settings.user());
        properties.setProperty(DataSourceFactory.JDBC_PASSWORD, settings.password());
        DataSource driverDataSource = factory.createDataSource(properties);

        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setDataSource(driverDataSource);
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(1000, settings.connectionTimeout().toMillis()));
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    static String describe(HikariDataSource pool) {
        HikariPoolMXBean stats = pool.getHikariPoolMXBean();
        if (stats == null) {
            return "pool not started";
        }
        return "pool " + stats.getActiveConnections() + " active, " + stats.getIdleConnections() + " idle, "
                + pool.getMaximumPoolSize() + " max, " + stats.getThreadsAwaitingConnection() + " waiting";
    }
}
