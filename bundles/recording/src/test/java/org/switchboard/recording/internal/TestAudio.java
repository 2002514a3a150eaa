package org.switchboard.recording.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Tones written as WAV files, MP3s decoded back (mp3spi, a decoder independent of the encoder), and a Goertzel filter. */
final class TestAudio {
    static final int RATE = 8000;

    private TestAudio() {}

    /** 16-bit PCM WAV of a sine per channel (0 Hz: silence); {@code declaredDataBytes} -1 writes the true size. */
    static byte[] toneWav(int sampleRate, double seconds, long declaredDataBytes, double... frequencies) {
        int channels = frequencies.length;
        int frames = (int) Math.round(seconds * sampleRate);
        int dataBytes = frames * channels * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + Math.max(0, declaredDataBytes < 0 ? dataBytes : declaredDataBytes)));
        wav.put("WAVE".getBytes(StandardCharsets.US_ASCII)).put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        wav.putShort((short) 1).putShort((short) channels).putInt(sampleRate).putInt(sampleRate * channels * 2);
        wav.putShort((short) (channels * 2)).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) (declaredDataBytes < 0 ? dataBytes : declaredDataBytes));
        for (int i = 0; i < frames; i++) {
            for (double frequency : frequencies) {
                wav.putShort((short) Math.round(10000 * Math.sin(2 * Math.PI * frequency * i / sampleRate)));
            }
        }
        return wav.array();
    }

    static Path writeTone(Path file, double seconds, double... frequencies) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, toneWav(RATE, seconds, -1, frequencies));
    }

    /** What a player hears: the samples per channel and the rate. */
    record Decoded(float sampleRate, short[][] channels) {
        double seconds() {
            return channels[0].length / sampleRate;
        }
    }

    static Decoded decodeMp3(Path mp3) throws Exception {
        try (AudioInputStream encoded = AudioSystem.getAudioInputStream(new ByteArrayInputStream(Files.readAllBytes(mp3)))) {
            AudioFormat source = encoded.getFormat();
            if (!source.getEncoding().toString().startsWith("MPEG")) {
                throw new AssertionError("not an MP3: " + source);
            }
            AudioFormat pcm = new AudioFormat(source.getSampleRate(), 16, source.getChannels(), true, false);
            byte[] bytes;
            try (AudioInputStream decoded = AudioSystem.getAudioInputStream(pcm, encoded)) {
                bytes = decoded.readAllBytes();
            }
            return new Decoded(source.getSampleRate(), deinterleave(bytes, source.getChannels()));
        }
    }

    static Decoded readWav(Path wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat format = in.getFormat();
            return new Decoded(format.getSampleRate(), deinterleave(in.readAllBytes(), format.getChannels()));
        }
    }

    private static short[][] deinterleave(byte[] bytes, int channels) {
        int frames = bytes.length / (2 * channels);
        short[][] out = new short[channels][frames];
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                int at = 2 * (i * channels + c);
                out[c][i] = (short) ((bytes[at] & 0xff) | (bytes[at + 1] << 8));
            }
        }
        return out;
    }

    /** Goertzel power of {@code frequency} over the middle second of the signal (skips encoder delay and edges), normalised. */
    static double power(short[] samples, float sampleRate, double frequency) {
        int length = (int) sampleRate;
        int start = Math.max(0, samples.length / 2 - length / 2);
        int end = Math.min(samples.length, start + length);
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0;
        double beforePrevious = 0;
        for (int i = start; i < end; i++) {
            double current = samples[i] / 32768.0 + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return power / ((end - start) * (double) (end - start));
    }
}
