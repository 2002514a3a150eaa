package org.switchboard.webrtc.internal;

/**
 * Told when a line connects or dies. Called on an engine thread (ICE, DTLS or the watchdog):
 * return at once and hand real work to another thread.
 */
@FunctionalInterface
public interface LineListener {

    /**
     * @param reason {@code connected} for CONNECTED; for FAILED a short code: {@code ice-failed},
     *        {@code connect-timeout}, {@code consent-lost}, {@code fingerprint-mismatch},
     *        {@code no-srtp-profile}, {@code dtls-timeout}, {@code dtls-failed}, {@code dtls-closed},
     *        {@code engine-stopped}
     */
    void stateChanged(PhoneLine line, LineState state, String reason);
}
