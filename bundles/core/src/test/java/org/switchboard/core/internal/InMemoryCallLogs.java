package org.switchboard.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.calllog.OutboxEntry;
import org.switchboard.api.calllog.OutboxStatus;

/**
 * The store's call logs and their outbox, in memory, with a switch that makes the store fail.
 * (One class cannot implement both interfaces: both declare {@code find(UUID)}.)
 */
final class InMemoryCallLogs implements CallLogRepository {
    private final Clock clock;
    final Map<UUID, CallLog> logs = new LinkedHashMap<>();
    final Map<UUID, OutboxEntry> entries = new LinkedHashMap<>();
    final Outbox outbox = new Queue();
    boolean failing;

    InMemoryCallLogs(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void saveAndQueue(CallLog log) {
        if (failing) {
            throw new IllegalStateException("database is down");
        }
        logs.put(log.id(), log);
        Instant now = clock.instant();
        OutboxEntry entry = new OutboxEntry(UUID.randomUUID(), log.id(), OutboxStatus.PENDING, 0, now, now,
                Optional.empty(), Optional.empty(), Optional.empty());
        entries.put(entry.id(), entry);
    }

    @Override
    public Optional<CallLog> find(UUID id) {
        return Optional.ofNullable(logs.get(id));
    }

    @Override
    public List<CallLog> list(CallLogQuery query) {
        return new ArrayList<>(logs.values());
    }

    /** The outbox view of the same entries. */
    private final class Queue implements Outbox {
        @Override
        public List<OutboxEntry> due(Instant now, int limit) {
            if (failing) {
                throw new IllegalStateException("database is down");
            }
            return entries.values().stream()
                    .filter(e -> e.status() == OutboxStatus.PENDING && !e.nextAttemptAt().isAfter(now))
                    .sorted(Comparator.comparing(OutboxEntry::createdAt))
                    .limit(limit)
                    .toList();
        }

        @Override
        public List<OutboxEntry> list(Optional<OutboxStatus> status, int limit) {
            return entries.values().stream().filter(e -> status.map(s -> s == e.status()).orElse(true)).limit(limit).toList();
        }

        @Override
        public Optional<OutboxEntry> find(UUID entryId) {
            return Optional.ofNullable(entries.get(entryId));
        }

        @Override
        public void markDelivered(UUID entryId, String crmRef, Instant at) {
            OutboxEntry e = entries.get(entryId);
            entries.put(entryId, new OutboxEntry(e.id(), e.callLogId(), OutboxStatus.DELIVERED, e.attempts(), e.createdAt(),
                    e.nextAttemptAt(), e.lastError(), Optional.of(crmRef), Optional.of(at)));
        }

        @Override
        public void markFailed(UUID entryId, String error, Instant nextAttemptAt) {
            OutboxEntry e = entries.get(entryId);
            entries.put(entryId, new OutboxEntry(e.id(), e.callLogId(), OutboxStatus.PENDING, e.attempts() + 1,
                    e.createdAt(), nextAttemptAt, Optional.of(error), Optional.empty(), Optional.empty()));
        }

        @Override
        public int replayAll(Instant now) {
            return 0;
        }

        @Override
        public long count(OutboxStatus status) {
            return entries.values().stream().filter(e -> e.status() == status).count();
        }
    }

    OutboxEntry onlyEntry() {
        if (entries.size() != 1) {
            throw new AssertionError("expected one outbox entry, found " + entries.size());
        }
        return entries.values().iterator().next();
    }
}
