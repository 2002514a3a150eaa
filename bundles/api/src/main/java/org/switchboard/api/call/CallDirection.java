package org.switchboard.api.call;

/** Seen from the company: from outside, to outside, or agent to agent. */
public enum CallDirection {
    INBOUND,
    OUTBOUND,
    INTERNAL
}
