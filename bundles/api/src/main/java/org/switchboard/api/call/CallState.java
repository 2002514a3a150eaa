package org.switchboard.api.call;

/**
 * Where a call is in its life.
 *
 * <pre>
 * RINGING ──answer──▶ ACTIVE ◀──resume── HELD
 *    │                  │ ──hold──────▶  │
 *    │                  ├─blind transfer─▶ TRANSFERRING ──answer──▶ ACTIVE
 *    └──────────────────┴──────────── any ──────────────▶ ENDED
 * </pre>
 */
public enum CallState {
    /** Not answered yet; callee legs are being offered. */
    RINGING,
    /** Two parties are bridged. */
    ACTIVE,
    /** A party is on hold and hears music. */
    HELD,
    /** The remaining party waits (ringback) while the transfer target is offered the call. */
    TRANSFERRING,
    ENDED;

    public boolean isLive() {
        return this != ENDED;
    }
}
