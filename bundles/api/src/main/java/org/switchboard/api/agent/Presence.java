package org.switchboard.api.agent;

/** An agent's availability for new calls. Only {@link #AVAILABLE} agents are offered group calls. */
public enum Presence {
    AVAILABLE,
    AWAY,
    BUSY,
    WRAP_UP,
    OFFLINE
}
