package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.media.internal.RelayTest.remote;
import static org.switchboard.media.internal.TonesTest.assertContinuous;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.Tone;

class PromptTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final int FRAME = ToneSource.FRAME;
    private static final int GAP_FRAMES = 50;
    /** Below this RMS a 20 ms frame is silence (espeak-ng's pauses between sentences stay under 60). */
    private static final double SILENT = 50;
    /** Above this RMS a 20 ms frame is clearly voiced. */
    private static final double LOUD = 300;
    private static final int BLOCK = 256;

    private MediaEngine engine;
    private final Phone phone = new Phone();

    @AfterEach
    void tearDown() {
        phone.close();
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void recordingIsAShortTelephoneQualitySentenceThatPromptReadsAsJavaSoundDoes() throws Exception {
        byte[] file = resource();
        assertThat(file.length).as("bytes").isLessThan(100_000);
        short[] recording = recording(file);
        assertThat(recording.length).as("samples").isBetween(2 * 8000, 8 * 8000);
        assertThat(Arrays.copyOf(Prompt.loop(), recording.length)).isEqualTo(recording);
    }

    @Test
    void promptIsTheSentenceThenOneSecondOfSilenceOverAndOver() throws Exception {
        short[] recording = recording(resource());
        int cycle = frames(recording) * FRAME + GAP_FRAMES * FRAME;
        Prompt prompt = new Prompt();
        short[] played = new short[3 * cycle];
        short[] frame = new short[FRAME];
        for (int at = 0; at < played.length; at += FRAME) {
            prompt.next(frame);
            System.arraycopy(frame, 0, played, at, FRAME);
        }
        for (int c = 0; c < 3; c++) {
            int start = c * cycle;
            assertThat(Arrays.copyOfRange(played, start, start + recording.length)).as("cycle %d", c).isEqualTo(recording);
            assertThat(Audio.rms(played, start + recording.length, cycle - recording.length)).as("gap %d", c).isZero();
        }

        short[] fresh = new short[FRAME];
        new Prompt().next(fresh);
        assertThat(fresh).as("every listener starts at the beginning").isEqualTo(Arrays.copyOf(recording, FRAME));
    }

    @Test
    void unusableRecordingsAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> Prompt.read("no-such-prompt.wav"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the PROMPT recording org/switchboard/media/internal/no-such-prompt.wav is missing from the bundle");
        assertThatThrownBy(() -> Prompt.samples("ID3 not a wave file".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prompt.wav is unusable: not a RIFF/WAVE file");
        assertThatThrownBy(() -> Prompt.samples(wav(2, 44_100, new short[100])))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format 1, 2 channel(s), 44100 Hz, 16 bits; expected PCM (1), 1 channel, 8000 Hz, 16 bits");
        byte[] truncated = Arrays.copyOf(wav(1, 8000, new short[100]), 100);
        assertThatThrownBy(() -> Prompt.samples(truncated))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chunk 'data' runs past the end of the file");
        assertThat(Prompt.samples(wav(1, 8000, new short[] {1, -2, 3}))).containsExactly(1, -2, 3);
    }

    @Test
    void promptIsSpokenInRealTimeAndRepeatsAfterOneSecondOfSilenceUntilSilenceStopsIt() throws Exception {
        short[] recording = recording(resource());
        int speechFrames = frames(recording);
        int cycleFrames = speechFrames + GAP_FRAMES;
        engine = Engines.start(2);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phone, Codec.PCMU));
        engine.play(a.id(), Tone.PROMPT);

        // one whole cycle and the start of the next
        List<Phone.Packet> packets = new ArrayList<>(phone.receive(1, WAIT));
        long first = System.nanoTime();
        packets.addAll(phone.receive(cycleFrames + 5 - 1, Duration.ofMillis(cycleFrames * 20L).plus(WAIT)));
        double seconds = (System.nanoTime() - first) / 1e9;

        // (a) 50 packets a second of 160 bytes, one continuous PCMU stream
        assertThat((packets.size() - 1) / seconds).as("packets per second").isBetween(47.0, 53.0);
        assertContinuous(packets);
        assertThat(packets).allSatisfy(p -> assertThat(p.payloadType()).isZero());
        for (int i = 0; i < speechFrames; i++) {
            short[] sent = Arrays.copyOfRange(recording, i * FRAME, (i + 1) * FRAME); // zero-padded at the end
            assertThat(packets.get(i).payload()).as("frame %d", i).isEqualTo(Audio.encode(Codec.PCMU, sent));
        }

        // (b) what the far end hears: speech, then a second of silence, then the same speech again
        short[] heard = Audio.decode(Codec.PCMU, packets);
        assertSpeechLike(Arrays.copyOf(heard, recording.length));
        List<int[]> pauses = silentRuns(heard, packets.size(), 30);
        assertThat(pauses).as("pauses of 0.6 s or more").hasSize(1);
        int[] gap = pauses.get(0);
        assertThat(gap[0]).as("gap starts when the sentence ends").isBetween(speechFrames - 5, speechFrames);
        assertThat(gap[1]).as("speech resumes after prompt + 1 s").isBetween(cycleFrames - 2, cycleFrames);
        for (int i = 0; i < 5; i++) {
            assertThat(packets.get(cycleFrames + i).payload()).as("repeat of frame %d", i).isEqualTo(packets.get(i).payload());
        }

        engine.play(a.id(), Tone.SILENCE);
        List<Phone.Packet> after = new ArrayList<>();
        long deadline = System.nanoTime() + 500_000_000L;
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            phone.receive(Duration.ofNanos(left)).ifPresent(after::add);
        }
        // what was in flight or sent before the next 20 ms tick saw the switch: a few frames on a busy
        // machine (4 seen while a build ran alongside, 8 with two builds and a browser); the prompt would send 25
        assertThat(after).as("at most what was in flight; the prompt would send 25").hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void promptIsSentInTheEndpointsCodec() throws Exception {
        short[] recording = recording(resource());
        engine = Engines.start(2);
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phone, Codec.PCMA));
        engine.play(a.id(), Tone.PROMPT);
        List<Phone.Packet> packets = phone.receive(10, WAIT);
        assertContinuous(packets);
        for (int i = 0; i < packets.size(); i++) {
            assertThat(packets.get(i).payloadType()).isEqualTo(8);
            short[] sent = Arrays.copyOfRange(recording, i * FRAME, (i + 1) * FRAME);
            assertThat(packets.get(i).payload()).as("frame %d", i).isEqualTo(Audio.encode(Codec.PCMA, sent));
        }
    }

    @Test
    void speechCheckRejectsRingbackHoldMusicNoiseAndSilence() {
        int samples = 5 * Audio.RATE;
        assertThatThrownBy(() -> assertSpeechLike(render(new Ringback(), samples))).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertSpeechLike(render(new HoldMusic(), samples))).isInstanceOf(AssertionError.class);
        Random random = new Random(1);
        short[] noise = new short[samples];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (random.nextGaussian() * 3000);
        }
        assertThatThrownBy(() -> assertSpeechLike(noise)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertSpeechLike(new short[samples])).isInstanceOf(AssertionError.class);
    }

    /**
     * Speech, not a tone, music or noise: syllables (bursts of energy), energy mostly in the
     * telephone band, no single dominant frequency, mostly voiced (low-frequency) stretches with
     * a few fricatives (energy above 2 kHz), and a pitch that keeps moving.
     */
    private static void assertSpeechLike(short[] speech) {
        int frames = speech.length / FRAME;
        int loudFrames = 0;
        int syllables = 0;
        boolean inSyllable = false;
        for (int f = 0; f < frames; f++) {
            boolean loud = Audio.rms(speech, f * FRAME, FRAME) > LOUD;
            loudFrames += loud ? 1 : 0;
            syllables += loud && !inSyllable ? 1 : 0;
            inSyllable = loud;
        }
        assertThat((double) loudFrames / frames).as("share of voiced frames").isGreaterThan(0.5);
        assertThat(syllables).as("bursts of energy").isGreaterThanOrEqualTo(6);

        double[] total = new double[BLOCK / 2 + 1];
        double loudest = 0;
        List<double[]> spectra = new ArrayList<>();
        for (int at = 0; at + BLOCK <= speech.length; at += BLOCK) {
            double[] spectrum = Audio.spectrum(speech, at, BLOCK);
            spectra.add(spectrum);
            loudest = Math.max(loudest, sum(spectrum, 0, 4000));
            for (int k = 0; k < total.length; k++) {
                total[k] += spectrum[k];
            }
        }
        double energy = sum(total, 0, 4000);
        assertThat(sum(total, 300, 3400) / energy).as("share of energy in 300-3400 Hz").isGreaterThan(0.75);
        assertThat(Arrays.stream(total).max().orElseThrow() / energy).as("share of the strongest frequency").isLessThan(0.2);

        int voiced = 0;
        int fricatives = 0;
        Set<Integer> peaks = new HashSet<>();
        for (double[] spectrum : spectra) {
            double blockEnergy = sum(spectrum, 0, 4000);
            if (blockEnergy < loudest / 1000) {
                continue; // a pause: 30 dB below the loudest block
            }
            voiced += sum(spectrum, 0, 1000) / blockEnergy > 0.5 ? 1 : 0;
            fricatives += sum(spectrum, 2000, 4000) / blockEnergy > 0.5 ? 1 : 0;
            int peak = 0;
            for (int k = 1; k < spectrum.length; k++) {
                peak = spectrum[k] > spectrum[peak] ? k : peak;
            }
            peaks.add(peak);
        }
        assertThat(voiced).as("voiced blocks").isGreaterThanOrEqualTo(spectra.size() / 3);
        assertThat(fricatives).as("fricative blocks").isGreaterThanOrEqualTo(4);
        assertThat(peaks).as("distinct strongest frequencies").hasSizeGreaterThanOrEqualTo(8);
    }

    /** Runs of at least {@code minFrames} silent frames among the first {@code frames}: {start, end} frame indexes. */
    private static List<int[]> silentRuns(short[] pcm, int frames, int minFrames) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int f = 0; f <= frames; f++) {
            boolean silent = f < frames && Audio.rms(pcm, f * FRAME, FRAME) < SILENT;
            if (silent && start < 0) {
                start = f;
            } else if (!silent && start >= 0) {
                if (f - start >= minFrames) {
                    runs.add(new int[] {start, f});
                }
                start = -1;
            }
        }
        return runs;
    }

    /** Energy between two frequencies, bins of {@link #BLOCK}-sample spectra. */
    private static double sum(double[] spectrum, double fromHz, double toHz) {
        double sum = 0;
        for (int k = 0; k < spectrum.length; k++) {
            double hz = (double) k * Audio.RATE / BLOCK;
            if (hz >= fromHz && hz <= toHz) {
                sum += spectrum[k];
            }
        }
        return sum;
    }

    private static short[] render(ToneSource source, int samples) {
        short[] pcm = new short[samples];
        short[] frame = new short[FRAME];
        for (int at = 0; at + FRAME <= samples; at += FRAME) {
            source.next(frame);
            System.arraycopy(frame, 0, pcm, at, FRAME);
        }
        return pcm;
    }

    private static int frames(short[] recording) {
        return (recording.length + FRAME - 1) / FRAME;
    }

    private static byte[] resource() throws IOException {
        try (InputStream in = Prompt.class.getResourceAsStream(Prompt.RESOURCE)) {
            return Optional.ofNullable(in).orElseThrow(() -> new AssertionError("prompt.wav is not on the class path"))
                    .readAllBytes();
        }
    }

    /** The recording as javax.sound reads it, independently of {@link Prompt}'s own reader. */
    private static short[] recording(byte[] file) throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new BufferedInputStream(new ByteArrayInputStream(file)))) {
            AudioFormat format = in.getFormat();
            assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
            assertThat(format.getSampleRate()).isEqualTo(8000f);
            assertThat(format.getChannels()).isEqualTo(1);
            assertThat(format.getSampleSizeInBits()).isEqualTo(16);
            assertThat(format.isBigEndian()).isFalse();
            byte[] bytes = in.readAllBytes();
            short[] pcm = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
            return pcm;
        }
    }

    /** A minimal 16-bit PCM WAV file. */
    private static byte[] wav(int channels, int rate, short[] samples) {
        ByteBuffer file = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        file.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples.length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        file.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        file.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples.length);
        for (short sample : samples) {
            file.putShort(sample);
        }
        return file.array();
    }
}
