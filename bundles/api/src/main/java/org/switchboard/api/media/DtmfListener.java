package org.switchboard.api.media;

import java.util.UUID;

/**
 * Told about every RFC 4733 digit received on any endpoint (whiteboard: register a service).
 * Called on a media thread: return at once.
 */
public interface DtmfListener {
    void digitReceived(UUID endpointId, UUID legId, char digit, int durationMillis);
}
