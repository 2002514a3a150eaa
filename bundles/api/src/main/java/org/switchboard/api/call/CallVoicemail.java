package org.switchboard.api.call;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The caller is leaving a message: they hear the greeting and the beep, then everything they say
 * is recorded until they hang up, fall silent or reach the maximum length.
 *
 * @param legId the voicemail's own {@link LegKind#INTERNAL} callee leg
 * @param recordingId the message being recorded
 * @param screeningLegId the agent's leg listening in (call screening); {@link CallService#pickUp}
 *     turns it into a normal call
 */
public record CallVoicemail(UUID legId, VoicemailBox box, Phase phase, UUID recordingId, Optional<UUID> screeningLegId) {

    public enum Phase {
        /** The caller hears the greeting and the beep. */
        GREETING,
        /** The caller's message is being recorded. */
        RECORDING
    }

    public CallVoicemail {
        Objects.requireNonNull(legId, "legId");
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(screeningLegId, "screeningLegId");
    }
}
