package org.switchboard.api.call;

/** What an agent (REC button, REST, {@code sb:record}) asks of a call's recording. */
public enum RecordingAction {
    START,
    STOP,
    /** Silence instead of audio from now on (a card number), keeping the recording's timeline. */
    PAUSE,
    RESUME
}
