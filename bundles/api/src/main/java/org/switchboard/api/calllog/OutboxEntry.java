package org.switchboard.api.calllog;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A call log waiting for (or done with) delivery to the CRM.
 *
 * @param attempts failed delivery attempts so far
 * @param nextAttemptAt when the dispatcher tries again
 * @param crmRef what the CRM answered, e.g. {@code local:Task:…}, once delivered
 */
public record OutboxEntry(
        UUID id,
        UUID callLogId,
        OutboxStatus status,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Optional<String> lastError,
        Optional<String> crmRef,
        Optional<Instant> deliveredAt) {

    public OutboxEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(callLogId, "callLogId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(crmRef, "crmRef");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
    }
}
