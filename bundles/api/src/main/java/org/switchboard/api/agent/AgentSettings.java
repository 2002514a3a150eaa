package org.switchboard.api.agent;

import java.util.Objects;

/**
 * The softphone settings an agent checks before the first call (the gear icon).
 *
 * @param microphone audio input device id chosen in the browser, {@code "default"} for the system one
 * @param speaker audio output device id for the call
 * @param ringer audio output device id for the ring
 * @param clickToCall whether phone fields in the CRM dial when clicked
 * @param callRelation what the post-call activity is attached to
 * @param postCallNavigation where the CRM view goes after a call
 * @param incomingNotification whether a desktop notification is shown for incoming calls
 */
public record AgentSettings(
        String microphone,
        String speaker,
        String ringer,
        boolean clickToCall,
        CallRelation callRelation,
        PostCallNavigation postCallNavigation,
        boolean incomingNotification) {

    public static final String DEFAULT_DEVICE = "default";

    public AgentSettings {
        requireDeviceId(microphone, "microphone");
        requireDeviceId(speaker, "speaker");
        requireDeviceId(ringer, "ringer");
        Objects.requireNonNull(callRelation, "callRelation");
        Objects.requireNonNull(postCallNavigation, "postCallNavigation");
    }

    /** What a new agent starts with. */
    public static AgentSettings defaults() {
        return new AgentSettings(
                DEFAULT_DEVICE, DEFAULT_DEVICE, DEFAULT_DEVICE, true, CallRelation.CASE, PostCallNavigation.CONTACT, true);
    }

    private static void requireDeviceId(String id, String what) {
        if (id == null || id.isBlank() || id.length() > 256) {
            throw new IllegalArgumentException(what + " must be a device id of 1 to 256 characters");
        }
    }
}
