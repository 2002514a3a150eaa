package org.switchboard.api.media;

import java.util.Objects;

/**
 * A short sound played once to an endpoint (a voicemail greeting and its beep): 8 kHz mono
 * 16-bit PCM samples. Clips are compared by identity, so a clip object stands for one playback.
 */
public final class AudioClip {
    public static final int SAMPLE_RATE = 8000;

    private final short[] samples;

    public AudioClip(short[] samples) {
        this.samples = Objects.requireNonNull(samples, "samples").clone();
    }

    /** A copy of the samples. */
    public short[] samples() {
        return samples.clone();
    }

    public int length() {
        return samples.length;
    }

    public java.time.Duration duration() {
        return java.time.Duration.ofMillis(samples.length * 1000L / SAMPLE_RATE);
    }

    /** This clip followed by {@code next}. */
    public AudioClip then(AudioClip next) {
        short[] joined = java.util.Arrays.copyOf(samples, samples.length + next.samples.length);
        System.arraycopy(next.samples, 0, joined, samples.length, next.samples.length);
        return new AudioClip(joined);
    }
}
