package org.switchboard.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Runs repository work in transactions and turns {@link SQLException} into {@link StoreException}. */
final class Jdbc {
    @FunctionalInterface
    interface Work<T> {
        T run(Transaction tx) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T inTransaction(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(new Transaction(connection));
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(what + " failed", e);
        }
    }

    <T> List<T> list(String what, String sql, Transaction.Binder binder, Transaction.RowMapper<T> mapper) {
        return inTransaction(what, tx -> tx.list(sql, binder, mapper));
    }

    <T> Optional<T> one(String what, String sql, Transaction.Binder binder, Transaction.RowMapper<T> mapper) {
        return inTransaction(what, tx -> tx.one(sql, binder, mapper));
    }

    int update(String what, String sql, Transaction.Binder binder) {
        return inTransaction(what, tx -> tx.update(sql, binder));
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
