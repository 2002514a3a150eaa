package org.switchboard.webrtc.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test audio: tones, a WAV writer, ITU G.711 and the Goertzel filter. */
final class Audio {

    private Audio() {
    }

    static short[] tone(double hz, int sampleRate, int samples, double amplitude, long startSample) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * (startSample + i) / sampleRate));
        }
        return pcm;
    }

    /** A 16-bit mono PCM WAV file. */
    static Path writeWav(Path file, short[] pcm, int sampleRate) throws IOException {
        ByteBuffer wav = ByteBuffer.allocate(44 + 2 * pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + 2 * pcm.length).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRate)
                .putInt(2 * sampleRate).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes()).putInt(2 * pcm.length);
        for (short s : pcm) {
            wav.putShort(s);
        }
        Files.createDirectories(file.getParent());
        return Files.write(file, wav.array());
    }

    /** Relative power of {@code hz} in the samples (Goertzel). */
    static double power(short[] pcm, int sampleRate, double hz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (short sample : pcm) {
            double s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / pcm.length;
    }

    static byte linearToUlaw(short sample) {
        int pcm = sample;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0) {
            pcm = -pcm;
        }
        pcm = Math.min(pcm, 32635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static short ulawToLinear(byte ulaw) {
        int u = ~ulaw & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    static short alawToLinear(byte alaw) {
        int a = (alaw ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        switch (segment) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= segment - 1;
            }
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }
}
