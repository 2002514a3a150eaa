package org.switchboard.recording.internal.audio;

import java.util.Locale;

/** How a call recording's two parties are laid out in the MP3. */
public enum Channels {
    /** Caller and agent mixed into one channel (half the size, plays anywhere). */
    MONO,
    /** Caller on the left, agent on the right (who said what, for quality review). */
    STEREO;

    /** @throws IllegalArgumentException for anything but mono or stereo */
    public static Channels parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channels must be mono or stereo, not '" + value + "'");
        }
    }
}
