package org.switchboard.api.call;

/** What carries a leg: a SIP dialog, a browser session, or an internal media endpoint. */
public enum LegKind {
    SIP,
    WEBRTC,
    INTERNAL
}
