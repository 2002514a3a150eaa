package org.switchboard.api.calllog;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The delivery of one call log to one CRM connector (there is one per call log per connector).
 *
 * @param connector the connector's {@code name()}
 * @param attempts failed delivery attempts so far
 * @param nextAttemptAt when the dispatcher tries again
 * @param lastError why the last attempt failed, or the CRM's message for a parked entry
 * @param revision how many times the log was queued again (edited) after the first time; a
 *     delivery counts only for the revision it delivered
 * @param crmRef what the CRM answered, e.g. {@code local:Task:…}, once delivered; kept when the log
 *     is queued again, so the connector amends that record
 */
public record OutboxEntry(
        UUID id,
        UUID callLogId,
        String connector,
        OutboxStatus status,
        int revision,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Optional<String> lastError,
        Optional<String> crmRef,
        Optional<Instant> deliveredAt) {

    public OutboxEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(callLogId, "callLogId");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(crmRef, "crmRef");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
    }
}
