package org.switchboard.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Statements on one connection inside a transaction opened by {@link Jdbc#inTransaction}. */
final class Transaction {
    @FunctionalInterface
    interface Binder {
        void bind(Params params) throws SQLException;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(Row row) throws SQLException;
    }

    static final Binder NO_PARAMS = params -> {};

    private final Connection connection;

    Transaction(Connection connection) {
        this.connection = connection;
    }

    <T> List<T> list(String sql, Binder binder, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(new Params(statement));
            try (ResultSet resultSet = statement.executeQuery()) {
                Row row = new Row(resultSet);
                List<T> result = new ArrayList<>();
                while (resultSet.next()) {
                    result.add(mapper.map(row));
                }
                return result;
            }
        }
    }

    <T> Optional<T> one(String sql, Binder binder, RowMapper<T> mapper) throws SQLException {
        List<T> rows = list(sql, binder, mapper);
        if (rows.size() > 1) {
            throw new SQLException("expected at most one row, got " + rows.size());
        }
        return rows.stream().findFirst();
    }

    int update(String sql, Binder binder) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(new Params(statement));
            return statement.executeUpdate();
        }
    }
}
