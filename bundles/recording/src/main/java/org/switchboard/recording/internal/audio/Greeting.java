package org.switchboard.recording.internal.audio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * An agent's own voicemail greeting: any PCM WAV (8 or 16 bit, any rate, mono or stereo) made
 * into what the voicemail plays, 8 kHz mono 16-bit. The JDK's sampled-audio converters do the
 * decoding and the resampling (band-limited "sinc", so a 44.1 kHz upload does not alias).
 */
public final class Greeting {
    public static final int SAMPLE_RATE = 8000;
    public static final Duration MAX_LENGTH = Duration.ofSeconds(60);
    private static final AudioFormat TARGET = new AudioFormat(SAMPLE_RATE, 16, 1, true, false);

    private final byte[] pcm;

    private Greeting(byte[] pcm) {
        this.pcm = pcm;
    }

    /** @throws IllegalArgumentException saying why the bytes are not a usable greeting */
    public static Greeting fromWav(byte[] wav) {
        if (wav == null || wav.length < 12 || !ascii(wav, 0).equals("RIFF") || !ascii(wav, 8).equals("WAVE")) {
            throw new IllegalArgumentException("the greeting must be a WAV file (RIFF/WAVE) of PCM audio");
        }
        try (AudioInputStream source = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat format = source.getFormat();
            boolean pcm = format.getEncoding() == AudioFormat.Encoding.PCM_SIGNED
                    || format.getEncoding() == AudioFormat.Encoding.PCM_UNSIGNED;
            if (!pcm || (format.getSampleSizeInBits() != 8 && format.getSampleSizeInBits() != 16)
                    || format.getChannels() < 1 || format.getChannels() > 2) {
                throw new IllegalArgumentException("the greeting must be 8- or 16-bit PCM, mono or stereo (got "
                        + format.getEncoding() + ", " + format.getSampleSizeInBits() + " bits, " + format.getChannels()
                        + " channels)");
            }
            long frames = source.getFrameLength();
            if (frames != AudioSystem.NOT_SPECIFIED && frames > MAX_LENGTH.toSeconds() * (long) format.getFrameRate()) {
                throw tooLong(frames / format.getFrameRate());
            }
            short[] mono = mixToMono(source, format);
            if (mono.length == 0) {
                throw new IllegalArgumentException("the greeting has no audio");
            }
            if (mono.length > MAX_LENGTH.toSeconds() * (long) format.getSampleRate()) {
                throw tooLong(mono.length / format.getSampleRate());
            }
            return new Greeting(resample(mono, format.getSampleRate()));
        } catch (UnsupportedAudioFileException e) {
            throw new IllegalArgumentException("the greeting is not a readable WAV file of PCM audio");
        } catch (IOException e) {
            throw new IllegalArgumentException("the greeting WAV file is damaged: " + e.getMessage());
        }
    }

    private static IllegalArgumentException tooLong(double seconds) {
        return new IllegalArgumentException(String.format("the greeting is %.0f s long; at most %d s are allowed",
                seconds, MAX_LENGTH.toSeconds()));
    }

    private static short[] mixToMono(AudioInputStream source, AudioFormat format) throws IOException {
        int channels = format.getChannels();
        AudioFormat signed16 = new AudioFormat(format.getSampleRate(), 16, channels, true, false);
        byte[] bytes;
        try (AudioInputStream converted = AudioSystem.getAudioInputStream(signed16, source)) {
            bytes = converted.readAllBytes();
        }
        int frames = bytes.length / (2 * channels);
        short[] mono = new short[frames];
        for (int frame = 0; frame < frames; frame++) {
            int sum = 0;
            for (int channel = 0; channel < channels; channel++) {
                int at = 2 * (frame * channels + channel);
                sum += (short) ((bytes[at] & 0xff) | (bytes[at + 1] << 8));
            }
            mono[frame] = (short) (sum / channels);
        }
        return mono;
    }

    private static byte[] resample(short[] mono, float sampleRate) throws IOException {
        byte[] bytes = new byte[mono.length * 2];
        for (int i = 0; i < mono.length; i++) {
            bytes[2 * i] = (byte) mono[i];
            bytes[2 * i + 1] = (byte) (mono[i] >> 8);
        }
        if (sampleRate == SAMPLE_RATE) {
            return bytes;
        }
        AudioFormat from = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, sampleRate, 16, 1, 2, sampleRate, false);
        AudioFormat to = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, SAMPLE_RATE, 16, 1, 2, SAMPLE_RATE, false,
                Map.of("interpolation", "sinc"));
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes), from, mono.length);
                AudioInputStream out = AudioSystem.getAudioInputStream(to, in)) {
            return out.readAllBytes();
        }
    }

    public Duration duration() {
        return Duration.ofMillis(pcm.length / 2 * 1000L / SAMPLE_RATE);
    }

    /** Writes the 8 kHz mono WAV beside {@code target}, then moves it in place. */
    public void writeTo(Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, target.getFileName().toString(), ".tmp");
        try {
            ByteArrayOutputStream wav = new ByteArrayOutputStream(pcm.length + 44);
            try (AudioInputStream audio = new AudioInputStream(new ByteArrayInputStream(pcm), TARGET, pcm.length / 2)) {
                AudioSystem.write(audio, AudioFileFormat.Type.WAVE, wav);
            }
            Files.write(temporary, wav.toByteArray());
            FileMoves.replace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String ascii(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.US_ASCII);
    }
}
