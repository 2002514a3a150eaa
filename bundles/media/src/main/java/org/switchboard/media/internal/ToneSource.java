package org.switchboard.media.internal;

import org.switchboard.api.media.Tone;

/** Generated audio, one 20 ms frame at a time; each instance is used by one media thread. */
interface ToneSource {
    int SAMPLE_RATE = 8000;
    int FRAME = 160;

    /** Fills the next {@link #FRAME} samples. */
    void next(short[] frame);

    static ToneSource of(Tone tone) {
        return switch (tone) {
            case RINGBACK -> new Ringback();
            case HOLD_MUSIC -> new HoldMusic();
            case PROMPT -> new Prompt();
            case SILENCE -> throw new IllegalArgumentException("SILENCE generates nothing");
        };
    }
}
