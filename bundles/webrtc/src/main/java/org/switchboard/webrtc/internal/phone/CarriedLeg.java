package org.switchboard.webrtc.internal.phone;

import java.util.UUID;
import java.util.concurrent.Future;
import org.switchboard.api.media.MediaEndpoint;

/**
 * A call leg on an agent's phone line: the media endpoint the line talks to for it. When the line
 * drops, the leg keeps its endpoint and waits for the agent's next line until {@link #expiry} fires.
 */
final class CarriedLeg {
    final UUID legId;
    final UUID callId;
    final MediaEndpoint endpoint;
    Future<?> expiry;

    CarriedLeg(UUID legId, UUID callId, MediaEndpoint endpoint) {
        this.legId = legId;
        this.callId = callId;
        this.endpoint = endpoint;
    }

    boolean waiting() {
        return expiry != null;
    }

    void stopWaiting() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }
}
