package org.switchboard.store.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the schema in {@code db/migration} of this bundle with the Flyway embedded in it.
 * Flyway finds its plugins through ServiceLoader and its scripts through the class loader, so
 * both are pointed at this bundle's class loader for the duration of the run.
 */
public final class Migrations {
    static final String LOCATION = "classpath:db/migration";

    private Migrations() {}

    /**
     * Migrates the database to the latest schema version; does nothing when it is current.
     *
     * @return how many migrations were applied now
     * @throws org.flywaydb.core.api.FlywayException when the database is unreachable or a script fails
     */
    public static int migrate(DataSource dataSource) {
        return migrate(dataSource, MigrationVersion.LATEST);
    }

    /** Migrates only up to {@code target}: tests start from an older schema holding older rows. */
    static int migrate(DataSource dataSource, MigrationVersion target) {
        ClassLoader bundleLoader = Migrations.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(bundleLoader);
        try {
            MigrateResult result = Flyway.configure(bundleLoader)
                    .dataSource(dataSource)
                    .locations(LOCATION)
                    .target(target)
                    // auto-detection misses pax-logging's SLF4J in Karaf and falls back to java.util.logging
                    .loggers("slf4j")
                    .load()
                    .migrate();
            return result.migrationsExecuted;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
