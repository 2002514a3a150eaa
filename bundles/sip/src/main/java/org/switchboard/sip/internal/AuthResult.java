package org.switchboard.sip.internal;

import org.switchboard.api.registration.SipCredentials;

/** What digest verification decided about a request. */
sealed interface AuthResult {

    /** Credentials checked; the request is the agent's. */
    record Authenticated(SipCredentials credentials) implements AuthResult {}

    /**
     * No usable credentials yet: none were sent, or the digest was right but for a nonce that expired
     * (or is from before a restart), in which case {@code stale} tells the client to retry silently.
     * Not a failure.
     */
    record Challenged(boolean stale) implements AuthResult {}

    /** A failed authentication (wrong password, unknown user, replay…): counted against the address. */
    record Rejected(String reason) implements AuthResult {}
}
