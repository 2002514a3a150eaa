package org.switchboard.api.registration;

import java.util.Objects;
import java.util.UUID;

/**
 * What SIP digest authentication (RFC 2617 / RFC 8760) needs of an agent: the HA1 values
 * {@code H(username:realm:password)} for MD5 and SHA-256, lower-case hex. They are derived when
 * the password is set, so the password itself is never stored.
 */
public record SipCredentials(UUID agentId, String username, String realm, String ha1Md5, String ha1Sha256) {
    public SipCredentials {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(ha1Md5, "ha1Md5");
        Objects.requireNonNull(ha1Sha256, "ha1Sha256");
    }

    @Override
    public String toString() {
        return "SipCredentials[" + username + "@" + realm + "]";
    }
}
