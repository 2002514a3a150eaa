package org.switchboard.webrtc.internal;

/** Where a phone line is in its life. FAILED and CLOSED are final. */
public enum LineState {
    /** Answered; ICE and DTLS are under way. */
    CONNECTING,
    /** DTLS-SRTP is up: audio flows between the browser and the peer. */
    CONNECTED,
    /** The line is dead: see the listener's reason. */
    FAILED,
    /** Closed by its owner. */
    CLOSED
}
