package org.switchboard.itests;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a phone heard while held, read in 50 ms {@link Goertzel} blocks: is it Switchboard's hold
 * music, and is the party it was talking to ({@code other}, a test tone) gone?
 *
 * <p>The music (media bundle, {@code HoldMusic}) is an arpeggio over C, G and F in 360 ms notes,
 * each ringing out under the next and carrying a quarter-amplitude octave, at about -20 dBFS RMS.
 * Its power sits on the fundamentals in {@link #NOTES}: in a block of the music, one of them
 * carries at least {@value #MIN_NOTE_POWER_SHARE} of the block's power, which neither silence,
 * noise, a steady test tone nor ringback (440 + 480 Hz) do.
 */
record HoldMusicReport(double analysedSeconds, double rmsDbfs, double musicShare, double other, double otherDbfs,
        int otherBlocks, Map<Double, Integer> loudestNotes) {

    static final double[] NOTES = {
        174.61, 196.00, 261.63, 293.66, 329.63, 349.23, 392.00, 523.25, 587.33, 659.26, 698.46, 783.99, 1046.50,
    };
    /** A block is music when one note carries at least this share of its power... */
    static final double MIN_NOTE_POWER_SHARE = 0.5;
    /** ...and most blocks are (a note change inside a block spreads its power over two notes). */
    static final double MIN_MUSIC_SHARE = 0.6;
    /** Loud enough: the music plays at about -20 dBFS RMS, G.711 silence is below -70. */
    static final double MIN_MUSIC_DBFS = -35;
    /** The other party's tone, if it leaks at all, 20 dB under the music... */
    static final double MIN_MUSIC_OVER_OTHER_DB = 20;
    /** ...and in no block at -30 dBFS or louder. */
    static final double OTHER_BLOCK_AMPLITUDE = 0.03;
    static final double MIN_SECONDS = 1;

    static HoldMusicReport of(Wav segment, double other) {
        int rate = segment.sampleRate();
        int n = (int) Math.round(rate * Goertzel.BLOCK_SECONDS);
        short[] samples = segment.samples();
        int blocks = 0;
        int musical = 0;
        int otherBlocks = 0;
        double power = 0;
        double otherPower = 0;
        Map<Double, Integer> loudest = new TreeMap<>();
        for (int from = 0; from + n <= samples.length; from += n) {
            double meanSquare = 0;
            for (int i = from; i < from + n; i++) {
                double x = samples[i] / 32768.0;
                meanSquare += x * x;
            }
            meanSquare /= n;
            double best = 0;
            double bestNote = 0;
            for (double note : NOTES) {
                double amplitude = Goertzel.amplitude(samples, from, n, rate, note);
                if (amplitude > best) {
                    best = amplitude;
                    bestNote = note;
                }
            }
            double o = Goertzel.amplitude(samples, from, n, rate, other);
            blocks++;
            power += meanSquare;
            otherPower += o * o / 2; // a sine of amplitude a has power a²/2
            if (meanSquare > 0 && best * best / 2 >= MIN_NOTE_POWER_SHARE * meanSquare) {
                musical++;
                loudest.merge(bestNote, 1, Integer::sum);
            }
            if (o >= OTHER_BLOCK_AMPLITUDE) {
                otherBlocks++;
            }
        }
        double perBlock = Math.max(1, blocks);
        return new HoldMusicReport(blocks * Goertzel.BLOCK_SECONDS, Goertzel.dbfs(Math.sqrt(power / perBlock)),
                blocks == 0 ? 0 : musical / (double) blocks, other, Goertzel.dbfs(Math.sqrt(2 * otherPower / perBlock)),
                otherBlocks, loudest);
    }

    /** Null when this is the hold music without the other party, else what is wrong. */
    String problem() {
        if (analysedSeconds < MIN_SECONDS) {
            return String.format(Locale.ROOT, "only %.2f s to analyse (needed %.1f s)", analysedSeconds, MIN_SECONDS);
        }
        if (rmsDbfs < MIN_MUSIC_DBFS) {
            return String.format(Locale.ROOT, "too quiet for music: %.1f dBFS RMS (needed >= %.0f)", rmsDbfs,
                    MIN_MUSIC_DBFS);
        }
        if (musicShare < MIN_MUSIC_SHARE) {
            return String.format(Locale.ROOT, "not the hold music: one of its notes dominates only %.0f%% of the"
                    + " blocks (needed >= %.0f%%)", 100 * musicShare, 100 * MIN_MUSIC_SHARE);
        }
        if (otherBlocks > 0 || rmsDbfs - otherDbfs < MIN_MUSIC_OVER_OTHER_DB) {
            return String.format(Locale.ROOT, "%.0f Hz heard: %d blocks at >= %.2f, %.1f dB under the music (needed"
                    + " none, and >= %.0f dB under)", other, otherBlocks, OTHER_BLOCK_AMPLITUDE, rmsDbfs - otherDbfs,
                    MIN_MUSIC_OVER_OTHER_DB);
        }
        return null;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f s analysed, %.1f dBFS RMS, %.0f%% of the blocks hold music"
                + " (loudest notes: %s), %.0f Hz at %.1f dBFS (in %d blocks >= %.2f)", analysedSeconds, rmsDbfs,
                100 * musicShare, loudestNotes, other, otherDbfs, otherBlocks, OTHER_BLOCK_AMPLITUDE);
    }
}
