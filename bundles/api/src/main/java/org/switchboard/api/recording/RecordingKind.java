package org.switchboard.api.recording;

/** A recorded call or a voicemail left for an agent. */
public enum RecordingKind {
    CALL,
    VOICEMAIL
}
