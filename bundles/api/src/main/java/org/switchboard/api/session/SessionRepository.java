package org.switchboard.api.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Persistent sessions (provided by the store bundle), so a restart of the REST bundle logs
 * nobody out. Tokens are random 256-bit values; only their SHA-256 is stored.
 */
public interface SessionRepository {

    IssuedSession create(UUID agentId, Duration ttl);

    /** The session for this token if it exists and has not expired at {@code now}. */
    Optional<Session> resolve(String token, Instant now);

    /** @return false when the token was unknown */
    boolean revoke(String token);

    /** Deletes sessions that expired before {@code now}. */
    int purgeExpired(Instant now);
}
