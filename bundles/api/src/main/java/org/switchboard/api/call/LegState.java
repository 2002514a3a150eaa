package org.switchboard.api.call;

/** A leg is offered (dialing, then ringing), answered, then ended. */
public enum LegState {
    DIALING,
    RINGING,
    ANSWERED,
    ENDED;

    public boolean isLive() {
        return this != ENDED;
    }
}
