package org.switchboard.media.internal;

/**
 * A slow arpeggio over C, G and F chords, like a soft mallet instrument: each note starts with a
 * short attack and rings out under the next one. The notes (and their octaves) keep clear of
 * 400–520 Hz so nobody mistakes the music for ringback. The whole loop (about 11.5 s) is
 * rendered once; every listener replays it from its own position.
 */
final class HoldMusic implements ToneSource {
    private static final double[] NOTES = {
        261.63, 329.63, 392.00, 523.25, 659.26, 523.25, 392.00, 329.63, // C
        196.00, 293.66, 392.00, 587.33, 783.99, 587.33, 392.00, 293.66, // G (without B)
        174.61, 261.63, 349.23, 523.25, 698.46, 523.25, 349.23, 261.63, // F (without A)
        261.63, 329.63, 392.00, 523.25, 659.26, 783.99, 1046.50, 783.99, // C, up an octave
    };
    private static final int NOTE_SAMPLES = SAMPLE_RATE * 360 / 1000;
    private static final int ATTACK_SAMPLES = SAMPLE_RATE * 15 / 1000;
    private static final double DECAY_SECONDS = 0.35;
    private static final double AMPLITUDE = 0.22 * Short.MAX_VALUE;
    private static final short[] LOOP = render();

    private int position;

    @Override
    public void next(short[] out) {
        for (int i = 0; i < FRAME; i++) {
            out[i] = LOOP[position];
            position = position + 1 == LOOP.length ? 0 : position + 1;
        }
    }

    private static short[] render() {
        short[] loop = new short[NOTES.length * NOTE_SAMPLES];
        for (int s = 0; s < loop.length; s++) {
            int note = s / NOTE_SAMPLES;
            int inNote = s % NOTE_SAMPLES;
            // the previous note (the last one, at the loop's start) still rings: the loop is seamless
            int previous = (note + NOTES.length - 1) % NOTES.length;
            double value = voice(NOTES[note], inNote) + voice(NOTES[previous], inNote + NOTE_SAMPLES);
            loop[s] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(AMPLITUDE * value)));
        }
        return loop;
    }

    /** One note {@code elapsed} samples after it started, with its envelope. */
    private static double voice(double frequency, int elapsed) {
        double envelope = elapsed < ATTACK_SAMPLES
                ? (double) elapsed / ATTACK_SAMPLES
                : Math.exp(-(elapsed - ATTACK_SAMPLES) / (SAMPLE_RATE * DECAY_SECONDS));
        double t = (double) elapsed / SAMPLE_RATE;
        // a touch of the octave makes it rounder than a bare sine
        return envelope * (Math.sin(2 * Math.PI * frequency * t) + 0.25 * Math.sin(4 * Math.PI * frequency * t));
    }
}
