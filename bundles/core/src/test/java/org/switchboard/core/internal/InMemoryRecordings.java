package org.switchboard.core.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingQuery;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingStatus;
import org.switchboard.api.recording.VoicemailCounts;

/** The recording rows core saved, as the store would keep them. */
final class InMemoryRecordings implements RecordingRepository {
    private final Map<UUID, Recording> rows = new LinkedHashMap<>();

    @Override
    public synchronized void save(Recording recording) {
        rows.put(recording.id(), recording);
    }

    @Override
    public synchronized Optional<Recording> find(UUID id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized List<Recording> forCall(UUID callId) {
        return rows.values().stream().filter(r -> r.callId().equals(callId))
                .sorted(Comparator.comparing(Recording::startedAt)).toList();
    }

    @Override
    public synchronized List<Recording> list(RecordingQuery query) {
        return rows.values().stream().filter(r -> query.kind().map(k -> k == r.kind()).orElse(true))
                .sorted(Comparator.comparing(Recording::startedAt).reversed()).limit(query.limit()).toList();
    }

    @Override
    public synchronized List<Recording> withStatus(RecordingStatus status, int limit) {
        return rows.values().stream().filter(r -> r.status() == status).limit(limit).toList();
    }

    @Override
    public synchronized boolean markHeard(UUID id, boolean heard) {
        throw new UnsupportedOperationException("core never marks recordings heard");
    }

    @Override
    public synchronized boolean delete(UUID id) {
        return rows.remove(id) != null;
    }

    @Override
    public synchronized List<Recording> startedBefore(Instant instant, int limit) {
        return rows.values().stream().filter(r -> r.startedAt().isBefore(instant)).limit(limit).toList();
    }

    @Override
    public synchronized VoicemailCounts voicemailCounts(UUID agentId, Collection<UUID> groupIds) {
        long unheard = rows.values().stream().filter(r -> r.kind() == RecordingKind.VOICEMAIL && !r.heard()).count();
        return new VoicemailCounts((int) unheard, 0);
    }
}
