package org.switchboard.api.calllog;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A page of call logs, newest first, optionally for one agent. */
public record CallLogQuery(Optional<UUID> agentId, int offset, int limit) {
    public static final int MAX_LIMIT = 500;

    public CallLogQuery {
        Objects.requireNonNull(agentId, "agentId");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
        }
    }
}
