package org.switchboard.api.trunk;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A carrier trunk as an admin sees it.
 *
 * @param peer the carrier's {@code host:port}
 * @param transport {@code UDP}, {@code TCP} or {@code TLS}
 * @param registers whether Switchboard registers at the carrier
 * @param registered whether that registration currently holds (false when it does not register)
 * @param registeredUntil when the current registration expires
 * @param detail the last registration outcome in words (e.g. {@code 403 Forbidden}), empty if none
 * @param activeCalls live calls through this trunk
 */
public record TrunkStatus(String name, String peer, String transport, boolean registers, boolean registered,
        Optional<Instant> registeredUntil, String detail, int activeCalls) {

    public TrunkStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(registeredUntil, "registeredUntil");
        Objects.requireNonNull(detail, "detail");
    }
}
