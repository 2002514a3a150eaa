package org.switchboard.rest.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingQuery;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingStatus;
import org.switchboard.api.recording.VoicemailCounts;

/** The store's recording metadata, in memory, with the query semantics the API documents. */
public final class InMemoryRecordings implements RecordingRepository {
    private final Map<UUID, Recording> recordings = new ConcurrentHashMap<>();

    @Override
    public void save(Recording recording) {
        recordings.put(recording.id(), recording);
    }

    @Override
    public Optional<Recording> find(UUID id) {
        return Optional.ofNullable(recordings.get(id));
    }

    @Override
    public List<Recording> forCall(UUID callId) {
        return recordings.values().stream().filter(r -> r.callId().equals(callId))
                .sorted(Comparator.comparing(Recording::startedAt)).toList();
    }

    @Override
    public List<Recording> list(RecordingQuery query) {
        return recordings.values().stream()
                .filter(r -> query.kind().map(k -> r.kind() == k).orElse(true))
                .filter(r -> query.audience().map(a -> r.agentId().map(a.agentIds()::contains).orElse(false)
                        || (r.kind() == RecordingKind.VOICEMAIL && r.groupId().map(a.groupIds()::contains).orElse(false)))
                        .orElse(true))
                .filter(r -> query.since().map(s -> !r.startedAt().isBefore(s)).orElse(true))
                .filter(r -> query.until().map(u -> r.startedAt().isBefore(u)).orElse(true))
                .filter(r -> !(query.unheardOnly() && r.heard()))
                .sorted(Comparator.comparing(Recording::startedAt).reversed())
                .limit(query.limit())
                .toList();
    }

    @Override
    public List<Recording> withStatus(RecordingStatus status, int limit) {
        return recordings.values().stream().filter(r -> r.status() == status)
                .sorted(Comparator.comparing(Recording::startedAt)).limit(limit).toList();
    }

    @Override
    public boolean markHeard(UUID id, boolean heard) {
        return recordings.computeIfPresent(id, (k, r) -> new Recording(r.id(), r.callId(), r.kind(), r.status(),
                r.agentId(), r.groupId(), r.from(), r.to(), r.startedAt(), r.duration(), r.rawPath(), r.playablePath(),
                r.checksum(), r.sizeBytes(), heard, r.error())) != null;
    }

    @Override
    public boolean delete(UUID id) {
        return recordings.remove(id) != null;
    }

    @Override
    public List<Recording> startedBefore(Instant instant, int limit) {
        return recordings.values().stream().filter(r -> r.startedAt().isBefore(instant))
                .sorted(Comparator.comparing(Recording::startedAt)).limit(limit).toList();
    }

    @Override
    public VoicemailCounts voicemailCounts(UUID agentId, Collection<UUID> groupIds) {
        throw new UnsupportedOperationException("not used by REST");
    }
}
