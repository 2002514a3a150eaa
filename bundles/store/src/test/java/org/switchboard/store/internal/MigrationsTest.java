package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

class MigrationsTest {
    private static final List<String> TABLES = List.of("agents", "devices", "numbers", "groups", "group_members",
            "agent_settings", "sessions", "call_logs", "outbox", "recordings", "registrations", "sip_credentials");

    @OnBothDatabases
    void migrationsCreateEveryTableOnAnEmptyDatabase(TestDatabase db) throws SQLException {
        DataSource empty = db.emptyDatabase();

        int applied = Migrations.migrate(empty);

        assertThat(applied).isGreaterThanOrEqualTo(1);
        for (String table : TABLES) {
            assertThat(rowCount(empty, table)).as(table).isZero();
        }
        assertThat(successfulVersions(empty)).contains("1", "3", "4", "5");
    }

    @OnBothDatabases
    void migratingAgainChangesNothing(TestDatabase db) throws SQLException {
        DataSource empty = db.emptyDatabase();
        Migrations.migrate(empty);
        List<String> versions = successfulVersions(empty);

        int appliedAgain = Migrations.migrate(empty);

        assertThat(appliedAgain).isZero();
        assertThat(successfulVersions(empty)).isEqualTo(versions);
    }

    @OnBothDatabases
    void callersContextClassLoaderIsRestored(TestDatabase db) {
        ClassLoader callers = new URLClassLoader(new URL[0], null);
        Thread.currentThread().setContextClassLoader(callers);
        try {
            Migrations.migrate(db.emptyDatabase());

            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(callers);
        } finally {
            Thread.currentThread().setContextClassLoader(MigrationsTest.class.getClassLoader());
        }
    }

    private static long rowCount(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> successfulVersions(DataSource dataSource) throws SQLException {
        // Flyway creates the history table with quoted lower-case names on both databases
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE ORDER BY \"installed_rank\"")) {
            List<String> versions = new ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
            return versions;
        }
    }
}
