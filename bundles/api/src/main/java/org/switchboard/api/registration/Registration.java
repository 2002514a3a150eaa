package org.switchboard.api.registration;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One contact of one agent's phone, as registered.
 *
 * @param contact the Contact URI the phone registered, e.g. {@code sip:alice@10.0.0.7:5062}
 * @param source where the REGISTER came from ({@code host:port}); requests to the phone go there
 *     (it is behind NAT more often than not)
 * @param transport {@code UDP}, {@code TCP} or {@code TLS}
 * @param callId the REGISTER's Call-ID, with {@code cseq} to order refreshes
 */
public record Registration(
        UUID id,
        UUID agentId,
        String contact,
        String source,
        String transport,
        String userAgent,
        String callId,
        long cseq,
        Instant registeredAt,
        Instant expiresAt) {

    public Registration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(registeredAt, "registeredAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean isActiveAt(Instant now) {
        return expiresAt.isAfter(now);
    }
}
