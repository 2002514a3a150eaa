package org.switchboard.api.call;

import java.util.Objects;
import java.util.UUID;

/**
 * The recording running on a call.
 *
 * @param recordingId the recording's id in {@link org.switchboard.api.recording.RecordingRepository}
 * @param automatic started because the number or group records every call (an agent may still
 *     pause it, but not stop it)
 */
public record CallRecording(UUID recordingId, boolean paused, boolean automatic) {
    public CallRecording {
        Objects.requireNonNull(recordingId, "recordingId");
    }
}
