package org.switchboard.api.media;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.UUID;

/**
 * One leg's anchored RTP endpoint: the local address to put in the SDP sent to that leg.
 * RTCP uses {@code rtp port + 1}.
 */
public record MediaEndpoint(UUID id, UUID legId, InetSocketAddress local) {
    public MediaEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(legId, "legId");
        Objects.requireNonNull(local, "local");
    }
}
