package org.switchboard.api.recording;

/** Media writes the raw capture; the recording bundle turns it into a playable file. */
public enum RecordingStatus {
    RECORDING,
    RAW,
    READY,
    FAILED
}
