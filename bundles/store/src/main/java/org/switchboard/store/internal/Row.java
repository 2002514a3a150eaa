package org.switchboard.store.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** Reads typed columns from the current row of a result set. */
final class Row {
    private final ResultSet resultSet;

    Row(ResultSet resultSet) {
        this.resultSet = resultSet;
    }

    UUID uuid(String column) throws SQLException {
        return resultSet.getObject(column, UUID.class);
    }

    Optional<UUID> optionalUuid(String column) throws SQLException {
        return Optional.ofNullable(uuid(column));
    }

    String text(String column) throws SQLException {
        return resultSet.getString(column);
    }

    Optional<String> optionalText(String column) throws SQLException {
        return Optional.ofNullable(text(column));
    }

    int integer(String column) throws SQLException {
        return resultSet.getInt(column);
    }

    Optional<Integer> optionalInteger(String column) throws SQLException {
        int value = resultSet.getInt(column);
        return resultSet.wasNull() ? Optional.empty() : Optional.of(value);
    }

    long bigint(String column) throws SQLException {
        return resultSet.getLong(column);
    }

    Optional<Long> optionalBigint(String column) throws SQLException {
        long value = resultSet.getLong(column);
        return resultSet.wasNull() ? Optional.empty() : Optional.of(value);
    }

    boolean bool(String column) throws SQLException {
        return resultSet.getBoolean(column);
    }

    Instant instant(String column) throws SQLException {
        return resultSet.getObject(column, OffsetDateTime.class).toInstant();
    }

    Optional<Instant> optionalInstant(String column) throws SQLException {
        return Optional.ofNullable(resultSet.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    <E extends Enum<E>> E enumValue(String column, Class<E> type) throws SQLException {
        return Enum.valueOf(type, text(column));
    }
}
