package org.switchboard.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.calllog.OutboxEntry;
import org.switchboard.api.calllog.OutboxStatus;

/**
 * The store's call logs and their outbox, in memory, with a switch that makes the store fail: the
 * same rules as the store's (one delivery per log per subscriber; unassigned while none). The store's
 * own tests check the real one against H2 and PostgreSQL.
 * (One class cannot implement both interfaces: both declare {@code find(UUID)}.)
 */
final class InMemoryCallLogs implements CallLogRepository {
    private static final String UNASSIGNED = "*";
    private final Clock clock;
    final Map<UUID, CallLog> logs = new LinkedHashMap<>();
    final Map<UUID, OutboxEntry> entries = new LinkedHashMap<>();
    final Set<String> subscribers = new LinkedHashSet<>();
    final Outbox outbox = new Queue();
    volatile boolean failing;

    InMemoryCallLogs(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized boolean attachRecording(UUID callLogId, org.switchboard.api.calllog.RecordingLink link) {
        CallLog log = logs.get(callLogId);
        if (log == null) {
            return false;
        }
        saveAndQueue(log.withRecording(link));
        return true;
    }

    @Override
    public synchronized void saveAndQueue(CallLog log) {
        if (failing) {
            throw new IllegalStateException("database is down");
        }
        logs.put(log.id(), log);
        Instant now = clock.instant();
        for (String connector : subscribers.isEmpty() ? Set.of(UNASSIGNED) : subscribers) {
            Optional<OutboxEntry> existing = entries.values().stream()
                    .filter(e -> e.callLogId().equals(log.id()) && e.connector().equals(connector)).findFirst();
            OutboxEntry entry = existing
                    .map(e -> new OutboxEntry(e.id(), e.callLogId(), connector, OutboxStatus.PENDING, e.revision() + 1, 0,
                            e.createdAt(), now, Optional.empty(), e.crmRef(), e.deliveredAt()))
                    .orElseGet(() -> new OutboxEntry(UUID.randomUUID(), log.id(), connector, OutboxStatus.PENDING, 0, 0,
                            now, now, Optional.empty(), Optional.empty(), Optional.empty()));
            entries.put(entry.id(), entry);
        }
    }

    @Override
    public synchronized Optional<CallLog> find(UUID id) {
        return Optional.ofNullable(logs.get(id));
    }

    @Override
    public synchronized List<CallLog> list(CallLogQuery query) {
        return new ArrayList<>(logs.values());
    }

    OutboxEntry onlyEntry() {
        synchronized (this) {
            if (entries.size() != 1) {
                throw new AssertionError("expected one outbox entry, found " + entries.size());
            }
            return entries.values().iterator().next();
        }
    }

    List<OutboxEntry> entriesFor(String connector) {
        synchronized (this) {
            return entries.values().stream().filter(e -> e.connector().equals(connector)).toList();
        }
    }

    private void change(UUID entryId, UnaryOperator<OutboxEntry> change) {
        synchronized (this) {
            entries.computeIfPresent(entryId, (id, e) -> change.apply(e));
        }
    }

    /** The outbox view of the same entries. */
    private final class Queue implements Outbox {
        @Override
        public void subscribe(String connector) {
            synchronized (InMemoryCallLogs.this) {
                subscribers.add(connector);
                entries.replaceAll((id, e) -> e.connector().equals(UNASSIGNED) ? new OutboxEntry(e.id(), e.callLogId(),
                        connector, e.status(), e.revision(), e.attempts(), e.createdAt(), e.nextAttemptAt(), e.lastError(),
                        e.crmRef(), e.deliveredAt()) : e);
            }
        }

        @Override
        public void unsubscribe(String connector) {
            synchronized (InMemoryCallLogs.this) {
                subscribers.remove(connector);
            }
        }

        @Override
        public Set<String> subscribers() {
            synchronized (InMemoryCallLogs.this) {
                return Set.copyOf(subscribers);
            }
        }

        @Override
        public List<OutboxEntry> due(String connector, Instant now, int limit) {
            if (failing) {
                throw new IllegalStateException("database is down");
            }
            synchronized (InMemoryCallLogs.this) {
                return entries.values().stream()
                        .filter(e -> e.connector().equals(connector))
                        .filter(e -> e.status() == OutboxStatus.PENDING && !e.nextAttemptAt().isAfter(now))
                        .sorted(Comparator.comparing(OutboxEntry::createdAt))
                        .limit(limit)
                        .toList();
            }
        }

        @Override
        public List<OutboxEntry> list(Optional<OutboxStatus> status, int limit) {
            synchronized (InMemoryCallLogs.this) {
                return entries.values().stream().filter(e -> status.map(s -> s == e.status()).orElse(true)).limit(limit)
                        .toList();
            }
        }

        @Override
        public Optional<OutboxEntry> find(UUID entryId) {
            synchronized (InMemoryCallLogs.this) {
                return Optional.ofNullable(entries.get(entryId));
            }
        }

        @Override
        public List<OutboxEntry> deliveries(UUID callLogId) {
            synchronized (InMemoryCallLogs.this) {
                return entries.values().stream().filter(e -> e.callLogId().equals(callLogId)).toList();
            }
        }

        @Override
        public void markDelivered(UUID entryId, int revision, String crmRef, Instant at) {
            change(entryId, e -> e.revision() == revision && e.status() == OutboxStatus.PENDING
                    ? new OutboxEntry(e.id(), e.callLogId(), e.connector(), OutboxStatus.DELIVERED, e.revision(),
                            e.attempts(), e.createdAt(), e.nextAttemptAt(), Optional.empty(), Optional.of(crmRef),
                            Optional.of(at))
                    : new OutboxEntry(e.id(), e.callLogId(), e.connector(), e.status(), e.revision(), e.attempts(),
                            e.createdAt(), e.nextAttemptAt(), e.lastError(), e.crmRef().or(() -> Optional.of(crmRef)),
                            e.deliveredAt()));
        }

        @Override
        public void markFailed(UUID entryId, String error, Instant nextAttemptAt) {
            change(entryId, e -> e.status() != OutboxStatus.PENDING ? e : new OutboxEntry(e.id(), e.callLogId(),
                    e.connector(), OutboxStatus.PENDING, e.revision(), e.attempts() + 1, e.createdAt(), nextAttemptAt,
                    Optional.of(error), e.crmRef(), e.deliveredAt()));
        }

        @Override
        public void park(UUID entryId, String message, Instant at) {
            change(entryId, e -> e.status() != OutboxStatus.PENDING ? e : new OutboxEntry(e.id(), e.callLogId(),
                    e.connector(), OutboxStatus.PARKED, e.revision(), e.attempts() + 1, e.createdAt(), at,
                    Optional.of(message), e.crmRef(), e.deliveredAt()));
        }

        @Override
        public boolean retry(UUID entryId, Instant now) {
            throw new UnsupportedOperationException("admin operations are tested on the store");
        }

        @Override
        public boolean discard(UUID entryId) {
            throw new UnsupportedOperationException("admin operations are tested on the store");
        }

        @Override
        public int replayAll(Instant now) {
            return 0;
        }

        @Override
        public long count(OutboxStatus status) {
            synchronized (InMemoryCallLogs.this) {
                return entries.values().stream().filter(e -> e.status() == status).count();
            }
        }

        @Override
        public long countRetrying() {
            synchronized (InMemoryCallLogs.this) {
                return entries.values().stream().filter(e -> e.status() == OutboxStatus.PENDING && e.attempts() > 0).count();
            }
        }

        @Override
        public Optional<Instant> oldestPending() {
            synchronized (InMemoryCallLogs.this) {
                return entries.values().stream().filter(e -> e.status() == OutboxStatus.PENDING)
                        .map(OutboxEntry::createdAt).min(Comparator.naturalOrder());
            }
        }
    }
}
