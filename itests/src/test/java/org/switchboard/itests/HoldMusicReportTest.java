package org.switchboard.itests;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * The hold-music detector of {@link BaresipCallControlIT} accepts the music the media bundle plays
 * and rejects what a broken hold would leave the held party with: silence, the other party's
 * voice, ringback, or the music with the other party still audible under it.
 */
public class HoldMusicReportTest {
    private static final int RATE = 8000;
    private static final double BOB = 1500;

    @Test
    public void theHoldMusicPasses() {
        for (int offset : new int[] {0, 3 * RATE, 7 * RATE + 1234}) {
            HoldMusicReport report = HoldMusicReport.of(new Wav(RATE, music(offset, 2 * RATE)), BOB);
            assertNull(report.toString(), report.problem());
            assertTrue(report.toString(), report.musicShare() > 0.8);
        }
    }

    @Test
    public void silenceFails() {
        HoldMusicReport report = HoldMusicReport.of(new Wav(RATE, new short[2 * RATE]), BOB);
        assertProblem(report, "too quiet");
    }

    @Test
    public void theOtherPartyFails() {
        HoldMusicReport report = HoldMusicReport.of(new Wav(RATE, tones(2 * RATE, 0.5, BOB)), BOB);
        assertProblem(report, "not the hold music");
    }

    @Test
    public void ringbackFails() {
        HoldMusicReport report = HoldMusicReport.of(new Wav(RATE, tones(2 * RATE, 0.16, 440, 480)), BOB);
        assertProblem(report, "not the hold music");
    }

    @Test
    public void musicWithTheOtherPartyUnderItFails() {
        short[] music = music(0, 2 * RATE);
        short[] bob = tones(2 * RATE, 0.05, BOB); // -26 dBFS, 20 dB under bob's normal level
        for (int i = 0; i < music.length; i++) {
            music[i] = (short) (music[i] + bob[i]);
        }
        HoldMusicReport report = HoldMusicReport.of(new Wav(RATE, music), BOB);
        assertProblem(report, "1500 Hz heard");
    }

    private static void assertProblem(HoldMusicReport report, String expected) {
        String problem = report.problem();
        assertNotNull(report.toString(), problem);
        assertTrue(problem + "; " + report, problem.contains(expected));
    }

    /** The media bundle's HoldMusic, rendered the same way: 360 ms notes, 15 ms attack, 0.35 s decay, octave. */
    static short[] music(int offset, int length) {
        double[] notes = {
            261.63, 329.63, 392.00, 523.25, 659.26, 523.25, 392.00, 329.63,
            196.00, 293.66, 392.00, 587.33, 783.99, 587.33, 392.00, 293.66,
            174.61, 261.63, 349.23, 523.25, 698.46, 523.25, 349.23, 261.63,
            261.63, 329.63, 392.00, 523.25, 659.26, 783.99, 1046.50, 783.99,
        };
        int noteSamples = RATE * 360 / 1000;
        short[] out = new short[length];
        for (int i = 0; i < length; i++) {
            int s = (offset + i) % (notes.length * noteSamples);
            int note = s / noteSamples;
            int inNote = s % noteSamples;
            int previous = (note + notes.length - 1) % notes.length;
            double value = voice(notes[note], inNote) + voice(notes[previous], inNote + noteSamples);
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(0.22 * Short.MAX_VALUE * value)));
        }
        return out;
    }

    private static double voice(double frequency, int elapsed) {
        int attack = RATE * 15 / 1000;
        double envelope = elapsed < attack ? (double) elapsed / attack : Math.exp(-(elapsed - attack) / (RATE * 0.35));
        double t = (double) elapsed / RATE;
        return envelope * (Math.sin(2 * Math.PI * frequency * t) + 0.25 * Math.sin(4 * Math.PI * frequency * t));
    }

    private static short[] tones(int length, double amplitude, double... frequencies) {
        short[] out = new short[length];
        for (int i = 0; i < length; i++) {
            double value = 0;
            for (double f : frequencies) {
                value += Math.sin(2 * Math.PI * f * i / RATE);
            }
            out[i] = (short) Math.round(amplitude * Short.MAX_VALUE * value);
        }
        return out;
    }
}
