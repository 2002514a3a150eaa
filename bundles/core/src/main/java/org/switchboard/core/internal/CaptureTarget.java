package org.switchboard.core.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.switchboard.api.media.CaptureLayout;
import org.switchboard.api.recording.Recording;

/**
 * What media should be capturing for a call: one recording (the call's, or the caller's message)
 * on the endpoint of one leg. {@link MediaWiring} starts the capture once that leg's endpoint is
 * attached, and stops it when the target goes away.
 *
 * @param recording the row as saved when the capture began
 */
record CaptureTarget(Recording recording, UUID legId, Path file, CaptureLayout layout, boolean paused, Instant startedAt) {

    UUID recordingId() {
        return recording.id();
    }

    CaptureTarget paused(boolean now) {
        return new CaptureTarget(recording, legId, file, layout, now, startedAt);
    }
}
