package org.switchboard.api.media;

/**
 * Which channel of a stereo raw capture holds which direction. Recordings keep the outside party
 * (the caller of an inbound call) on the left and the agent on the right, whichever endpoint is
 * captured.
 */
public enum CaptureLayout {
    /** Left: what the endpoint's far end sends; right: what the far end hears. */
    FAR_END_LEFT,
    /** Left: what the far end hears; right: what the far end sends (capturing the agent's endpoint). */
    FAR_END_RIGHT
}
