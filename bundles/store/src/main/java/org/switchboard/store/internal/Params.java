package org.switchboard.store.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/** Binds statement parameters in order, with the types both H2 and PostgreSQL accept. */
final class Params {
    private final PreparedStatement statement;
    private int index;

    Params(PreparedStatement statement) {
        this.statement = statement;
    }

    Params uuid(UUID value) throws SQLException {
        statement.setObject(++index, value);
        return this;
    }

    Params uuid(Optional<UUID> value) throws SQLException {
        if (value.isPresent()) {
            return uuid(value.get());
        }
        statement.setNull(++index, Types.OTHER);
        return this;
    }

    Params text(String value) throws SQLException {
        statement.setString(++index, value);
        return this;
    }

    Params text(Optional<String> value) throws SQLException {
        return text(value.orElse(null));
    }

    Params integer(int value) throws SQLException {
        statement.setInt(++index, value);
        return this;
    }

    Params integer(Optional<Integer> value) throws SQLException {
        if (value.isPresent()) {
            return integer(value.get());
        }
        statement.setNull(++index, Types.INTEGER);
        return this;
    }

    Params bigint(long value) throws SQLException {
        statement.setLong(++index, value);
        return this;
    }

    Params bigint(Optional<Long> value) throws SQLException {
        if (value.isPresent()) {
            return bigint(value.get());
        }
        statement.setNull(++index, Types.BIGINT);
        return this;
    }

    Params bool(boolean value) throws SQLException {
        statement.setBoolean(++index, value);
        return this;
    }

    /** Instants are stored as UTC with microsecond precision, the finest both databases keep. */
    Params instant(Instant value) throws SQLException {
        statement.setObject(++index, toStored(value));
        return this;
    }

    Params instant(Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            return instant(value.get());
        }
        statement.setNull(++index, Types.TIMESTAMP_WITH_TIMEZONE);
        return this;
    }

    static OffsetDateTime toStored(Instant value) {
        return value.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
