package org.switchboard.api.recording;

/** Media writes the raw capture; the recording bundle turns it into a playable file. */
public enum RecordingStatus {
    /** Media is capturing (the call is up). Found at start-up, it was cut by a crash: core makes it RAW. */
    RECORDING,
    /** The capture is complete and waits for the recording bundle to encode it. */
    RAW,
    /** The MP3 is written and linked to the call log. */
    READY,
    /** Encoding failed; the raw capture is kept and {@code sb:recordings process} retries it. */
    FAILED
}
