package org.switchboard.api.session;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A logged-in agent's session, looked up by its bearer token. */
public record Session(UUID id, UUID agentId, Instant createdAt, Instant expiresAt) {
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
