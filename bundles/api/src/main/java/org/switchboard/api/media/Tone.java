package org.switchboard.api.media;

/** What an endpoint can be played instead of (or before) the other party's audio. */
public enum Tone {
    /** North-American ringback: 440+480 Hz, 2 s on, 4 s off. */
    RINGBACK,
    /** Music on hold. */
    HOLD_MUSIC,
    /** A short spoken announcement (the simulated caller's voice), repeated. */
    PROMPT,
    SILENCE
}
