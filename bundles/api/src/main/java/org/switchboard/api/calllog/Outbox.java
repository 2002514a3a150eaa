package org.switchboard.api.calllog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The persistent queue of call logs on their way to the CRM connectors (provided by the store
 * bundle): one entry per call log per subscribed connector. Entries are added by
 * {@link CallLogRepository#saveAndQueue}; a connector that stops keeps its subscription, so its
 * logs wait for it.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Outbox {

    /**
     * Has every call log saved from now on queued for {@code connector} too. Logs saved while no
     * connector had subscribed go to the first one that does.
     */
    void subscribe(String connector);

    /** Stops queueing for {@code connector}; what was queued for it stays. */
    void unsubscribe(String connector);

    Set<String> subscribers();

    /** {@code connector}'s pending entries whose next attempt is due, oldest first. */
    List<OutboxEntry> due(String connector, Instant now, int limit);

    /** Entries newest first, optionally only those with the given status. */
    List<OutboxEntry> list(Optional<OutboxStatus> status, int limit);

    Optional<OutboxEntry> find(UUID entryId);

    /** Every connector's delivery of one call log. */
    List<OutboxEntry> deliveries(UUID callLogId);

    /**
     * Delivered as of {@code revision}. If the log was queued again meanwhile (an edit), the entry
     * stays due for the newer revision and only remembers {@code crmRef}, so the edit amends it.
     */
    void markDelivered(UUID entryId, int revision, String crmRef, Instant at);

    /** One CRM's answer to one delivery, for {@link #markAllDelivered}. */
    record Delivered(UUID entryId, int revision, String crmRef, Instant at) {}

    /**
     * {@link #markDelivered} for several deliveries; the store does it in one transaction, so a
     * batch delivered in parallel costs one commit.
     */
    default void markAllDelivered(List<Delivered> deliveries) {
        deliveries.forEach(d -> markDelivered(d.entryId(), d.revision(), d.crmRef(), d.at()));
    }

    void markFailed(UUID entryId, String error, Instant nextAttemptAt);

    /** The CRM refused the entry for good: it waits, with the CRM's message, for an admin. */
    void park(UUID entryId, String message, Instant at);

    /** Makes a parked or pending entry due now; false for an unknown or delivered entry. */
    boolean retry(UUID entryId, Instant now);

    /** Gives up on a parked or pending entry (kept as DISCARDED); false for an unknown or delivered one. */
    boolean discard(UUID entryId);

    /** Makes every pending and parked entry due now (used by {@code sb:outbox retry --all}). */
    int replayAll(Instant now);

    long count(OutboxStatus status);

    /**
     * Pending entries whose delivery failed at least once and that wait for their next attempt:
     * the CRM is down or slow (monitoring shows it before the backlog alarm).
     */
    long countRetrying();

    /** When the oldest pending entry was queued, if any: how far behind delivery is. */
    Optional<Instant> oldestPending();
}
