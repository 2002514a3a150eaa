package org.switchboard.api.registration;

import java.util.Optional;

/**
 * Digest credentials of agents (provided by the store bundle, which updates them whenever an
 * agent's password is set, for the realm in its configuration).
 */
public interface SipCredentialRepository {

    /** The credentials of an enabled agent, for the configured realm. */
    Optional<SipCredentials> find(String username);

    /** The realm the stored HA1 values were computed for, e.g. {@code switchboard.local}. */
    String realm();
}
