package org.switchboard.crm.local.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import javax.sql.DataSource;
import org.switchboard.api.crm.CrmUnavailableException;

/**
 * The store's database as the local CRM uses it: every {@link SQLException} becomes a
 * {@link CrmUnavailableException}, so the outbox keeps the call log and retries later.
 */
final class CrmDatabase {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int MAX_REASON = 160;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    CrmDatabase(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** True when the failure is a duplicate key, i.e. a concurrent writer inserted the same row first. */
    static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof SQLException e && UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    /** A one-line reason for logs and health reports: no stack trace, no connection details. */
    static String reason(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        String firstLine = message.strip().lines().findFirst().orElse("");
        return firstLine.length() <= MAX_REASON ? firstLine : firstLine.substring(0, MAX_REASON) + "…";
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static CrmUnavailableException unavailable(SQLException e) {
        return new CrmUnavailableException("local CRM database unavailable: " + reason(e), e);
    }

    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
