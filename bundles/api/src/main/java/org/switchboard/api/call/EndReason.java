package org.switchboard.api.call;

/** Why a call or a leg ended. */
public enum EndReason {
    /** The caller hung up after answer. */
    CALLER_HANGUP,
    /** The callee hung up after answer. */
    CALLEE_HANGUP,
    /** The caller gave up before anyone answered. */
    CANCELLED,
    /** The callee declined (603 / Reject). */
    REJECTED,
    /** The callee was busy (486). */
    BUSY,
    /** Nobody answered in time (480/408). */
    NO_ANSWER,
    /** The dialed number leads nowhere. */
    UNROUTABLE,
    /** Another leg of a ring-all offer answered first. */
    ANSWERED_ELSEWHERE,
    /** The leg's party was transferred away; the call went on without it. */
    TRANSFERRED,
    /** The leg's party moved the call to another of their devices; the call went on there. */
    SWITCHED,
    /** A protocol or media error. */
    FAILED,
    /** The platform was stopped or drained with the call still up. */
    SHUTDOWN,
    /**
     * No RTP reached any of the answered call's media endpoints, in either direction, for the
     * configured media timeout: the parties are most likely gone (a dead phone, a lost network).
     */
    MEDIA_TIMEOUT,
    /** The call reached the configured maximum call duration. */
    MAX_DURATION,
    /** A leg's SIP session timer (RFC 4028) ran out without a refresh. */
    SESSION_EXPIRED
}
