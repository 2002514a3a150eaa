package org.switchboard.api.recording;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistent recording metadata (provided by the store bundle). */
public interface RecordingRepository {

    /** Creates or replaces the recording with this id. */
    void save(Recording recording);

    Optional<Recording> find(UUID id);

    /** Oldest first. */
    List<Recording> forCall(UUID callId);

    /** Newest first. */
    List<Recording> list(RecordingQuery query);

    /** Oldest first: what the recording bundle has left to encode (RAW), or core to recover (RECORDING). */
    List<Recording> withStatus(RecordingStatus status, int limit);

    /** @return false when there is no such recording */
    boolean markHeard(UUID id, boolean heard);

    /** Removes the metadata (the caller removes the files); false when there is no such recording. */
    boolean delete(UUID id);

    /** Oldest first: recordings started before {@code instant} (retention). */
    List<Recording> startedBefore(Instant instant, int limit);

    /** Voicemail of the agent's own box and of the given groups' boxes, for the message-waiting light. */
    VoicemailCounts voicemailCounts(UUID agentId, Collection<UUID> groupIds);
}
