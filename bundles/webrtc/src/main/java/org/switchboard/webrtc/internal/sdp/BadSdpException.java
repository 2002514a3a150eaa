package org.switchboard.webrtc.internal.sdp;

/**
 * The browser's offer cannot be answered. {@link #reason()} is a short code for the signalling
 * error ({@code bad-sdp}, {@code no-audio}, {@code no-ice-credentials}, {@code no-fingerprint},
 * {@code no-rtcp-mux}, {@code bad-setup}, {@code no-common-codec}); the message says what was wrong.
 */
public final class BadSdpException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public BadSdpException(String reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
