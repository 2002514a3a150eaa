package org.switchboard.api.number;

/** How a group offers a call to its available members. */
public enum RingStrategy {
    /** Every available member rings at once; the first to answer takes the call. */
    RING_ALL,
    /** One member at a time, starting after whoever was offered the previous call. */
    ROUND_ROBIN,
    /** One member at a time, the one whose last call ended longest ago first. */
    LONGEST_IDLE
}
