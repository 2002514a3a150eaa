package org.switchboard.api.calllog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistent call logs (provided by the store bundle). */
public interface CallLogRepository {

    /**
     * Stores a call log and queues it for CRM delivery in one transaction, so a log is never
     * stored without being queued. Saving the same id again replaces it and queues it again.
     */
    void saveAndQueue(CallLog log);

    /**
     * Stores and queues several logs as {@link #saveAndQueue} does, in their order; the store does
     * it in one transaction, so either all of them are stored (and survive a crash once this
     * returns) or none is. Lets a busy node commit the logs of many calls at once.
     */
    default void saveAllAndQueue(List<CallLog> logs) {
        logs.forEach(this::saveAndQueue);
    }

    Optional<CallLog> find(UUID id);

    /**
     * Adds a playable recording's link to the log (replacing an earlier link to the same recording)
     * and queues the log again for every CRM, in one transaction, so a delivered Task is amended
     * with it; the agent's notes are left as they are.
     *
     * @return false when the log is not stored yet (the call has only just ended): try again later
     */
    boolean attachRecording(UUID callLogId, RecordingLink link);

    List<CallLog> list(CallLogQuery query);
}
