package org.switchboard.media.internal;

import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.media.DtmfListener;

/** The whiteboard of {@link DtmfListener}s; one failing listener neither stops the others nor the media thread. */
final class DtmfListeners {
    private static final Logger LOG = LoggerFactory.getLogger(DtmfListeners.class);

    private final CopyOnWriteArrayList<DtmfListener> listeners = new CopyOnWriteArrayList<>();

    void add(DtmfListener listener) {
        listeners.addIfAbsent(listener);
    }

    void remove(DtmfListener listener) {
        listeners.remove(listener);
    }

    /** Digits are never logged: callers type PINs and card numbers. */
    void digitReceived(UUID endpointId, UUID legId, char digit, int durationMillis) {
        for (DtmfListener listener : listeners) {
            try {
                listener.digitReceived(endpointId, legId, digit, durationMillis);
            } catch (RuntimeException e) {
                LOG.warn("endpoint={} leg={} DTMF listener {} failed: {}", endpointId, legId,
                        listener.getClass().getName(), e.toString());
            }
        }
    }
}
