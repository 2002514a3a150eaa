package org.switchboard.crm.salesforce.internal;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** An in-memory H2 migrated with the store's real Flyway scripts (V6 holds crm_salesforce_links). */
final class TestDatabase {
    private final DataSource dataSource;

    private TestDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static TestDatabase h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:sf-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Path migrations = Path.of(System.getProperty("switchboard.test.migrations",
                "../store/src/main/resources/db/migration")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(migrations.resolve("V6__salesforce_links.sql"))) {
            fail("no migrations at " + migrations);
        }
        Flyway.configure().dataSource(h2).locations("filesystem:" + migrations).load().migrate();
        return new TestDatabase(h2);
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** An agent row, which a link refers to. */
    UUID addAgent(String username) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO agents (id, username, display_name, extension, role, enabled, password_hash, created_at) "
                        + "VALUES (?, ?, ?, ?, 'AGENT', TRUE, 'x', ?)")) {
            insert.setObject(1, id);
            insert.setString(2, username);
            insert.setString(3, username);
            insert.setString(4, String.valueOf(1000 + Math.abs(id.hashCode() % 8999)));
            insert.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
            insert.executeUpdate();
        }
        return id;
    }

    String single(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("no row for " + sql);
                }
                return rows.getString(1);
            }
        }
    }

    long count(String sql, Object... parameters) throws SQLException {
        return Long.parseLong(single(sql, parameters));
    }
}
