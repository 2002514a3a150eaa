package org.switchboard.api.registration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Persistent registrations (provided by the store bundle), so that a restart of the SIP bundle
 * loses no phone.
 */
public interface RegistrationRepository {

    /** Creates or refreshes the registration of this agent's contact (agentId + contact is unique). */
    void save(Registration registration);

    /** @return false when there was no such contact */
    boolean remove(UUID agentId, String contact);

    /** Removes every contact of the agent (REGISTER with {@code Contact: *}); returns how many. */
    int removeAll(UUID agentId);

    /** The agent's contacts that are active at {@code now}, newest first. */
    List<Registration> active(UUID agentId, Instant now);

    /** Every contact active at {@code now}. */
    List<Registration> allActive(Instant now);

    /** Deletes registrations that expired before {@code now}; returns how many. */
    int purgeExpired(Instant now);
}
