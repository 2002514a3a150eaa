package org.switchboard.api.calllog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The persistent queue of call logs on their way to the CRM (provided by the store bundle).
 * Entries are added by {@link CallLogRepository#saveAndQueue}.
 */
public interface Outbox {

    /** Pending entries whose next attempt is due, oldest first. */
    List<OutboxEntry> due(Instant now, int limit);

    /** Entries newest first, optionally only those with the given status. */
    List<OutboxEntry> list(Optional<OutboxStatus> status, int limit);

    Optional<OutboxEntry> find(UUID entryId);

    void markDelivered(UUID entryId, String crmRef, Instant at);

    void markFailed(UUID entryId, String error, Instant nextAttemptAt);

    /** Makes every pending entry due now (used by {@code sb:outbox --replay}). */
    int replayAll(Instant now);

    long count(OutboxStatus status);
}
