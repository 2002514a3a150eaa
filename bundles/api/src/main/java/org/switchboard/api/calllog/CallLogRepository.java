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

    Optional<CallLog> find(UUID id);

    List<CallLog> list(CallLogQuery query);
}
