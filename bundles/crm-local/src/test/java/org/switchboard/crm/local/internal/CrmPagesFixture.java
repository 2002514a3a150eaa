package org.switchboard.crm.local.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/** The demo CRM on a migrated H2, for the record pages' tests (which live in another package). */
public final class CrmPagesFixture implements AutoCloseable {
    public static final String ACME = DemoData.ACME;
    public static final String HANAKO = DemoData.HANAKO;
    public static final String TARO = DemoData.TARO;
    public static final String JIRO = DemoData.JIRO;
    public static final String ROUTER_CASE = DemoData.ROUTER_CASE;
    public static final String FIBER_OPPORTUNITY = DemoData.FIBER_OPPORTUNITY;

    private final TestDatabase database;

    private CrmPagesFixture(TestDatabase database) {
        this.database = database;
    }

    public static CrmPagesFixture demoOnH2(Instant seededAt) throws SQLException {
        TestDatabase database = TestDatabase.h2();
        try (Connection connection = database.dataSource().getConnection()) {
            DemoData.seedIfEmpty(connection, new PhoneNumbers("US"), seededAt);
        }
        return new CrmPagesFixture(database);
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    public void execute(String sql, Object... parameters) throws SQLException {
        database.execute(sql, parameters);
    }

    @Override
    public void close() throws SQLException {
        database.close();
    }
}
