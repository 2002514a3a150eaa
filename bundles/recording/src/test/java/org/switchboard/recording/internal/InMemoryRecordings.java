package org.switchboard.recording.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingQuery;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingStatus;
import org.switchboard.api.recording.VoicemailCounts;

/** The store's part, in memory: the recording bundle is under test, not the store. */
final class InMemoryRecordings implements RecordingRepository {
    final Map<UUID, Recording> rows = new ConcurrentHashMap<>();
    /** How often the encoder asked for recordings by status: its queries to the store. */
    final AtomicInteger statusQueries = new AtomicInteger();

    @Override
    public void save(Recording recording) {
        rows.put(recording.id(), recording);
    }

    @Override
    public Optional<Recording> find(UUID id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public List<Recording> forCall(UUID callId) {
        return rows.values().stream().filter(r -> r.callId().equals(callId)).sorted(Comparator.comparing(Recording::startedAt)).toList();
    }

    @Override
    public List<Recording> list(RecordingQuery query) {
        return rows.values().stream().sorted(Comparator.comparing(Recording::startedAt).reversed()).limit(query.limit()).toList();
    }

    @Override
    public List<Recording> withStatus(RecordingStatus status, int limit) {
        statusQueries.incrementAndGet();
        return rows.values().stream().filter(r -> r.status() == status).sorted(Comparator.comparing(Recording::startedAt)).limit(limit).toList();
    }

    @Override
    public boolean markHeard(UUID id, boolean heard) {
        throw new UnsupportedOperationException("not used by the recording bundle");
    }

    @Override
    public boolean delete(UUID id) {
        return rows.remove(id) != null;
    }

    @Override
    public List<Recording> startedBefore(Instant instant, int limit) {
        return rows.values().stream().filter(r -> r.startedAt().isBefore(instant)).sorted(Comparator.comparing(Recording::startedAt)).limit(limit).toList();
    }

    @Override
    public VoicemailCounts voicemailCounts(UUID agentId, Collection<UUID> groupIds) {
        throw new UnsupportedOperationException("not used by the recording bundle");
    }
}
