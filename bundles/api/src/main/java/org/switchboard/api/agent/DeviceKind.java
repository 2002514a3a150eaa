package org.switchboard.api.agent;

/** Where an agent's audio can be: the browser softphone, a registered SIP phone, or an outside number. */
public enum DeviceKind {
    WEBRTC,
    SIP,
    EXTERNAL
}
