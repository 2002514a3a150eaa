package org.switchboard.crm.local.internal;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A throw-away database migrated with the store's real Flyway scripts. */
final class TestDatabase implements AutoCloseable {
    private static final String[] CRM_TABLES_CHILDREN_FIRST = {
        "crm_tasks", "crm_opportunities", "crm_cases", "crm_contact_phones", "crm_contacts", "crm_accounts"};

    private final DataSource dataSource;
    private final String dropStatement;

    private TestDatabase(DataSource dataSource, String dropStatement) {
        this.dataSource = dataSource;
        this.dropStatement = dropStatement;
    }

    static TestDatabase h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:crm-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return migrated(new TestDatabase(h2, "SHUTDOWN"), null);
    }

    /** A fresh schema in the local test PostgreSQL; fails the test class when it is not running. */
    static TestDatabase postgres() {
        String url = System.getProperty("switchboard.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/switchboard_test");
        String schema = "crm_local_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        pg.setUser(System.getProperty("switchboard.test.pg.user", "switchboard"));
        pg.setPassword(System.getProperty("switchboard.test.pg.password", "switchboard"));
        pg.setCurrentSchema(schema);
        pg.setConnectTimeout(5);
        try (Connection probe = pg.getConnection()) {
            probe.isValid(5);
        } catch (SQLException e) {
            fail("PostgreSQL at " + url + " is unreachable (" + e.getMessage()
                    + "); run scripts/pg-test-db.sh to start it and create the test database");
        }
        return migrated(new TestDatabase(pg, "DROP SCHEMA " + schema + " CASCADE"), schema);
    }

    private static TestDatabase migrated(TestDatabase database, String schema) {
        String location = System.getProperty("switchboard.test.migrations",
                Path.of("../store/src/main/resources/db/migration").toString());
        Path migrations = Path.of(location).toAbsolutePath().normalize();
        if (!Files.isRegularFile(migrations.resolve("V2__local_crm.sql"))) {
            fail("no migrations at " + migrations);
        }
        var flyway = Flyway.configure().dataSource(database.dataSource).locations("filesystem:" + migrations);
        if (schema != null) {
            flyway.schemas(schema);
        }
        flyway.load().migrate();
        return database;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Empties the CRM tables, as on a fresh installation. */
    void clearCrm() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : CRM_TABLES_CHILDREN_FIRST) {
                statement.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    long count(String sqlFrom, Object... parameters) throws SQLException {
        return ((Number) single("SELECT COUNT(*) " + sqlFrom, parameters)).longValue();
    }

    Object single(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("no row for " + sql);
                }
                return rows.getObject(1);
            }
        }
    }

    Instant instant(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("no row for " + sql);
                }
                return rows.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(dropStatement);
        }
    }
}
