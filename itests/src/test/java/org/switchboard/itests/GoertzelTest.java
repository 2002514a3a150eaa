package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/** The measuring stick of the audio itests must itself tell a tone from silence and from another tone. */
public class GoertzelTest {

    @Test
    public void findsTheToneAndNotTheOtherFrequencies() throws Exception {
        Path file = Files.createTempFile("goertzel-", ".wav");
        try {
            Wav.writeTone(file, 8000, 1000, 2, 0.5);
            Wav wav = Wav.read(file);
            assertEquals(8000, wav.sampleRate());
            assertEquals(16000, wav.samples().length);

            Goertzel.ToneReport report = Goertzel.measure(wav, 1000, 1500, 700, 0, 0.03, 20);
            assertEquals(report.toString(), -6.0, report.toneDbfs(), 0.2);
            assertTrue(report.toString(), report.overCompetingDb() > 60);
            assertTrue(report.toString(), report.overReferenceDb() > 60);
            assertEquals(report.toString(), 2.0, report.toneSeconds(), 0.001);

            Goertzel.ToneReport wrong = Goertzel.measure(wav, 1500, 1000, 700, 0, 0.03, 20);
            assertTrue(wrong.toString(), wrong.overCompetingDb() < -60);
            assertEquals(wrong.toString(), 0.0, wrong.toneSeconds(), 0.0);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    public void silenceIsAtTheFloor() {
        Goertzel.ToneReport report = Goertzel.measure(new Wav(8000, new short[8000]), 1000, 1500, 700, 0, 0.03, 20);
        assertEquals(Goertzel.FLOOR_DBFS, report.toneDbfs(), 0.0);
        assertEquals(0.0, report.overCompetingDb(), 0.0);
        assertEquals(0.0, report.toneSeconds(), 0.0);
    }

    @Test
    public void anOffBinToneStillDoesNotLeakIntoANeighbourFiveHundredHertzAway() {
        short[] samples = new short[8000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (16000 * Math.sin(2 * Math.PI * 1013.7 * i / 8000 + 0.3));
        }
        Goertzel.ToneReport report = Goertzel.measure(new Wav(8000, samples), 1013.7, 1500, 700, 0, 0.03, 20);
        assertTrue(report.toString(), report.overCompetingDb() > 60);
        assertEquals(report.toString(), 1.0, report.toneSeconds(), 0.001);
    }
}
