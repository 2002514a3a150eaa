package org.switchboard.itests;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The known tones the recording tests play and look for: the caller plays 1000 Hz, the agent
 * 600 Hz; 1700 Hz and 2100 Hz are sent by nobody and serve as the noise reference (the
 * voicemail beep is 1400 Hz, the demo prompts are speech).
 */
final class Tones {
    static final double CALLER_HZ = 1000;
    static final double AGENT_HZ = 600;
    static final double NOBODY_HZ = 1700;
    static final double NOBODY_EITHER_HZ = 2100;
    /** About -10 dBFS: loud enough through G.711 and a low-bitrate MP3, far from clipping when mixed. */
    static final double AMPLITUDE = 0.3;
    /** A block counts as carrying a tone at -30 dBFS or more, 20 dB above the frequencies compared with. */
    static final double MIN_AMPLITUDE = 0.03;
    static final double MIN_DOMINANCE_DB = 20;

    private Tones() {}

    /** A new working directory for a SIPp phone, holding {@code pcapName} with {@code seconds} of a tone. */
    static Path phoneDirectory(String name, String pcapName, double frequency, double seconds) throws Exception {
        Path work = Files.createTempDirectory(name + "-");
        PcapTone.write(work.resolve(pcapName), frequency, seconds, AMPLITUDE);
        return work;
    }

    /** Seconds of {@code audio} in which {@code tone} stands 20 dB above {@code competing} and a silent reference. */
    static Goertzel.ToneReport measure(Wav audio, double tone, double competing) {
        double reference = competing == NOBODY_HZ ? NOBODY_EITHER_HZ : NOBODY_HZ;
        return Goertzel.measure(audio, tone, competing, reference, 0, MIN_AMPLITUDE, MIN_DOMINANCE_DB);
    }

    /** Asserts that {@code tone} is present for {@code expectedSeconds} within {@code tolerance} seconds. */
    static void assertToneLasts(String what, Wav audio, double tone, double competing, double expectedSeconds,
            double tolerance) {
        Goertzel.ToneReport report = measure(audio, tone, competing);
        assertTrue(String.format(Locale.ROOT, "%s: expected %.0f Hz for %.2f s (+/- %.2f s); %s", what, tone,
                expectedSeconds, tolerance, report), Math.abs(report.toneSeconds() - expectedSeconds) <= tolerance);
    }

    /** Asserts that {@code tone} is (almost) absent at any level above -30 dBFS: the other party's channel does not hold it. */
    static void assertToneAbsent(String what, Wav audio, double tone) {
        Goertzel.ToneReport report = measure(audio, tone, NOBODY_HZ);
        assertTrue(what + ": expected no " + tone + " Hz; " + report, report.toneSeconds() <= 0.3);
    }
}
