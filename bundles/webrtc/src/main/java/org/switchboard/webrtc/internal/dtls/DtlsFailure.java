package org.switchboard.webrtc.internal.dtls;

/**
 * The DTLS handshake did not give SRTP keys. {@link #reason()} is a short code:
 * {@code fingerprint-mismatch}, {@code no-srtp-profile}, {@code dtls-timeout}, {@code dtls-closed}
 * or {@code dtls-failed}.
 */
public final class DtlsFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public DtlsFailure(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
