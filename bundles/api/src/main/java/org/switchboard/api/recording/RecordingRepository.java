package org.switchboard.api.recording;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistent recording metadata (provided by the store bundle). */
public interface RecordingRepository {

    /** Creates or replaces the recording with this id. */
    void save(Recording recording);

    Optional<Recording> find(UUID id);

    List<Recording> forCall(UUID callId);

    /** Newest first; all agents when {@code agentId} is empty. */
    List<Recording> list(Optional<UUID> agentId, int limit);
}
