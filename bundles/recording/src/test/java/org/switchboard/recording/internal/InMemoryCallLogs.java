package org.switchboard.recording.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.calllog.RecordingLink;

/** The store's call logs, in memory. */
final class InMemoryCallLogs implements CallLogRepository {
    final Map<UUID, CallLog> logs = new ConcurrentHashMap<>();

    void storeLogOf(UUID callId, Instant endedAt) {
        saveAndQueue(new CallLog(callId, CallDirection.values()[0], "+15551230001", "+15550100", Optional.empty(),
                endedAt.minusSeconds(60), Optional.empty(), endedAt, Duration.ZERO, Disposition.ANSWERED, "Call", "agent's notes",
                Optional.empty(), Optional.empty(), List.of()));
    }

    @Override
    public void saveAndQueue(CallLog log) {
        logs.put(log.id(), log);
    }

    @Override
    public Optional<CallLog> find(UUID id) {
        return Optional.ofNullable(logs.get(id));
    }

    @Override
    public boolean attachRecording(UUID callLogId, RecordingLink link) {
        return logs.computeIfPresent(callLogId, (id, log) -> log.withRecording(link)) != null;
    }

    @Override
    public List<CallLog> list(CallLogQuery query) {
        return List.copyOf(logs.values());
    }
}
