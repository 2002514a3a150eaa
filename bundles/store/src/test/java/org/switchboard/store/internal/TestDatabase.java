package org.switchboard.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One database for one test class: an H2 in-memory database, or a PostgreSQL schema of its own
 * (dropped afterwards), so parallel runs never collide.
 */
abstract class TestDatabase implements ExtensionContext.Store.CloseableResource {
    /** Our tables, children first, so deleting in this order respects every foreign key. */
    private static final List<String> TABLES = List.of("registrations", "sip_credentials", "outbox", "outbox_subscribers", "call_logs", "recordings", "sessions",
            "agent_settings", "group_members", "groups", "numbers", "devices", "agents");

    private final List<DataSource> created = new ArrayList<>();
    private DataSource migrated;

    abstract String name();

    abstract DataSource create(String uniqueName);

    abstract void drop(DataSource dataSource) throws SQLException;

    /** The class's migrated database; it holds none of our rows when a test starts. */
    DataSource dataSource() {
        if (migrated == null) {
            DataSource fresh = emptyDatabase();
            Migrations.migrate(fresh);
            migrated = fresh;
        }
        return migrated;
    }

    /** Called before each test: removes what earlier tests of the class stored. */
    void clear() {
        if (migrated != null) {
            execute(migrated, TABLES.stream().map(table -> "DELETE FROM " + table).toList());
        }
    }

    /** A new database (or schema) without any table. */
    DataSource emptyDatabase() {
        DataSource dataSource = create("sbtest_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT));
        created.add(dataSource);
        return dataSource;
    }

    @Override
    public void close() throws SQLException {
        for (DataSource dataSource : created) {
            drop(dataSource);
        }
    }

    static void execute(DataSource dataSource, List<String> statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name();
    }

    static final class H2 extends TestDatabase {
        @Override
        String name() {
            return "H2";
        }

        @Override
        DataSource create(String uniqueName) {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:mem:" + uniqueName + ";DB_CLOSE_DELAY=-1");
            dataSource.setUser("sa");
            return dataSource;
        }

        @Override
        void drop(DataSource dataSource) {
            execute(dataSource, List.of("SHUTDOWN"));
        }
    }

    static final class PostgreSql extends TestDatabase {
        static final String URL = System.getProperty("switchboard.test.pg.url",
                "jdbc:postgresql://127.0.0.1:5432/switchboard_test");
        static final String USER = System.getProperty("switchboard.test.pg.user", "switchboard");
        static final String PASSWORD = System.getProperty("switchboard.test.pg.password", "switchboard");

        @Override
        String name() {
            return "PostgreSQL";
        }

        /** Remembered so that the other tests fail at once instead of waiting for a timeout each. */
        private static volatile AssertionError unreachable;

        @Override
        DataSource create(String schema) {
            if (unreachable != null) {
                throw unreachable;
            }
            try (Connection connection = connect(null).getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                unreachable = new AssertionError("PostgreSQL test database is not reachable at " + URL + " as " + USER
                        + " (" + e.getMessage() + "). Start it with scripts/pg-test-db.sh", e);
                throw unreachable;
            }
            return connect(schema);
        }

        @Override
        void drop(DataSource dataSource) {
            String schema = ((PGSimpleDataSource) dataSource).getCurrentSchema();
            execute(connect(null), List.of("DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
        }

        private static PGSimpleDataSource connect(String schema) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(URL);
            dataSource.setUser(USER);
            dataSource.setPassword(PASSWORD);
            dataSource.setConnectTimeout(3);
            if (schema != null) {
                dataSource.setCurrentSchema(schema);
            }
            return dataSource;
        }
    }
}
