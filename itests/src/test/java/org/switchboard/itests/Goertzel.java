package org.switchboard.itests;

import java.util.Locale;

/**
 * Goertzel filter: the level of single frequencies in decoded audio, to prove which tone a phone
 * heard (audio path tests, hold music, DTMF in-band). Blocks of 50 ms (20 Hz bins) with a Hann
 * window, so tones a few bins apart do not leak into each other (sidelobes fall below -80 dB at
 * 25 bins) whatever their phase or exact frequency.
 */
final class Goertzel {
    /** Block length in seconds: 20 Hz resolution, short enough to see when a tone starts and stops. */
    static final double BLOCK_SECONDS = 0.05;
    /** Levels are floored here so that digital silence still gives a finite dB figure. */
    static final double FLOOR_DBFS = -120;

    private Goertzel() {}

    /**
     * The amplitude, as a fraction of full scale, of the component at {@code frequency} in
     * {@code samples[from, from + n)}: 1.0 for a full-scale sine at that frequency, about 0 for
     * silence or other frequencies.
     */
    static double amplitude(short[] samples, int from, int n, int sampleRate, double frequency) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            double s = hann * samples[from + i] / 32768.0 + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double magnitude = Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - coefficient * s1 * s2));
        return 4 * magnitude / n; // 2/n for a one-sided spectrum, 1/0.5 for the Hann window's gain
    }

    static double dbfs(double amplitude) {
        return amplitude <= 0 ? FLOOR_DBFS : Math.max(FLOOR_DBFS, 20 * Math.log10(amplitude));
    }

    /**
     * Measures {@code tone} against a {@code competing} frequency (e.g. the other party's tone,
     * which must not be heard) and a {@code reference} frequency nobody sends (noise floor), over
     * the whole recording after {@code skipSeconds}. A block counts as carrying the tone when the
     * tone reaches {@code minAmplitude} and is {@code minDominanceDb} above both others.
     */
    static ToneReport measure(Wav wav, double tone, double competing, double reference, double skipSeconds,
            double minAmplitude, double minDominanceDb) {
        int rate = wav.sampleRate();
        int n = (int) Math.round(rate * BLOCK_SECONDS);
        short[] samples = wav.samples();
        int start = (int) Math.min(samples.length, Math.round(rate * skipSeconds));
        double factor = Math.pow(10, minDominanceDb / 20);
        int blocks = 0;
        int toneBlocks = 0;
        double tonePower = 0;
        double competingPower = 0;
        double referencePower = 0;
        for (int from = start; from + n <= samples.length; from += n) {
            double t = amplitude(samples, from, n, rate, tone);
            double c = amplitude(samples, from, n, rate, competing);
            double r = amplitude(samples, from, n, rate, reference);
            blocks++;
            tonePower += t * t;
            competingPower += c * c;
            referencePower += r * r;
            if (t >= minAmplitude && t >= factor * c && t >= factor * r) {
                toneBlocks++;
            }
        }
        double perBlock = Math.max(1, blocks);
        return new ToneReport(tone, competing, reference, wav.seconds(), blocks * BLOCK_SECONDS,
                toneBlocks * BLOCK_SECONDS, dbfs(Math.sqrt(tonePower / perBlock)),
                dbfs(Math.sqrt(competingPower / perBlock)), dbfs(Math.sqrt(referencePower / perBlock)));
    }

    /**
     * What {@link #measure} found. Levels are the RMS over all analysed blocks of the per-block
     * amplitude, in dB relative to full scale; a silent recording shows {@value #FLOOR_DBFS} dBFS.
     */
    record ToneReport(double tone, double competing, double reference, double recordedSeconds,
            double analysedSeconds, double toneSeconds, double toneDbfs, double competingDbfs, double referenceDbfs) {

        /** How far the tone stands above the competing frequency, in dB (a power ratio). */
        double overCompetingDb() {
            return toneDbfs - competingDbfs;
        }

        /** How far the tone stands above the reference (noise) frequency, in dB. */
        double overReferenceDb() {
            return toneDbfs - referenceDbfs;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%.0f Hz at %.1f dBFS; %.0f Hz at %.1f dBFS (tone %.1f dB above it); %.0f Hz reference at %.1f dBFS "
                            + "(tone %.1f dB above it); tone present in %.2f s of %.2f s analysed (%.2f s recorded)",
                    tone, toneDbfs, competing, competingDbfs, overCompetingDb(), reference, referenceDbfs,
                    overReferenceDb(), toneSeconds, analysedSeconds, recordedSeconds);
        }
    }
}
