package org.switchboard.store.internal;

import java.sql.SQLException;
import java.util.Optional;

/** A database operation failed; carries the SQLState so callers can tell constraint violations apart. */
final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    Optional<String> sqlState() {
        return Optional.ofNullable(((SQLException) getCause()).getSQLState());
    }

    /** Unique or primary key violated (same SQLState on H2 and PostgreSQL). */
    boolean isUniqueViolation() {
        return sqlState().filter("23505"::equals).isPresent();
    }

    /** A referenced row is missing: 23503 on PostgreSQL, 23506 on H2. */
    boolean isMissingReference() {
        return sqlState().filter(s -> s.equals("23503") || s.equals("23506")).isPresent();
    }
}
