package org.switchboard.recording.internal.audio;

import java.io.IOException;

/** The bytes are not audio this bundle can read; the message says why, for an admin or a client. */
public final class MalformedAudioException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedAudioException(String message) {
        super(message);
    }
}
