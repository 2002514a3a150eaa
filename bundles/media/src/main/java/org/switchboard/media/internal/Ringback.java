package org.switchboard.media.internal;

import java.util.Arrays;

/**
 * North-American ringback: 440 + 480 Hz, 2 s on, 4 s off. The sum repeats every 1/40 s, so
 * one 200-sample period is computed once and replayed: thousands of ringing calls cost a copy.
 */
final class Ringback implements ToneSource {
    private static final int ON_FRAMES = 100;
    private static final int CYCLE_FRAMES = 300;
    /** About -16 dBm0 per frequency: clearly audible, no clipping when summed. */
    private static final double AMPLITUDE = 0.16 * Short.MAX_VALUE;
    private static final short[] PERIOD = new short[SAMPLE_RATE / 40];

    static {
        for (int i = 0; i < PERIOD.length; i++) {
            double t = (double) i / SAMPLE_RATE;
            PERIOD[i] = (short) Math.round(AMPLITUDE * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t)));
        }
    }

    private int position;
    private int frame;

    @Override
    public void next(short[] out) {
        if (frame < ON_FRAMES) {
            for (int i = 0; i < FRAME; i++) {
                out[i] = PERIOD[position];
                position = position + 1 == PERIOD.length ? 0 : position + 1;
            }
        } else {
            Arrays.fill(out, 0, FRAME, (short) 0);
        }
        frame = frame + 1 == CYCLE_FRAMES ? 0 : frame + 1;
    }
}
