package org.switchboard.api.media;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the far end of a leg announced in its SDP.
 *
 * @param address where it says it receives RTP; symmetric RTP (latching) replaces it with the
 *     address packets actually come from
 * @param codec the negotiated audio codec
 * @param telephoneEventPayloadType the RFC 4733 payload type, if the far end supports it
 */
public record RemoteMedia(InetSocketAddress address, Codec codec, OptionalInt telephoneEventPayloadType) {
    public RemoteMedia {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(telephoneEventPayloadType, "telephoneEventPayloadType");
    }
}
