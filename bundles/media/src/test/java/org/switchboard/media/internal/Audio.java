package org.switchboard.media.internal;

import java.util.List;
import org.switchboard.api.media.Codec;

/** Test audio: sine frames, G.711 payloads and Goertzel tone detection. */
final class Audio {
    static final int RATE = 8000;
    static final int FRAME = 160;

    private Audio() {}

    /** Frame {@code index} (20 ms) of a sine of the given frequency and amplitude. */
    static short[] sine(double frequency, double amplitude, int index) {
        short[] frame = new short[FRAME];
        for (int i = 0; i < FRAME; i++) {
            double t = (double) (index * FRAME + i) / RATE;
            frame[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * t));
        }
        return frame;
    }

    static byte[] encode(Codec codec, short[] pcm) {
        byte[] payload = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            payload[i] = codec == Codec.PCMA ? G711.encodeAlaw(pcm[i]) : G711.encodeUlaw(pcm[i]);
        }
        return payload;
    }

    static short[] decode(Codec codec, byte[] payload) {
        short[] pcm = new short[payload.length];
        for (int i = 0; i < payload.length; i++) {
            pcm[i] = codec == Codec.PCMA ? G711.decodeAlaw(payload[i]) : G711.decodeUlaw(payload[i]);
        }
        return pcm;
    }

    /** The decoded audio of consecutive packets. */
    static short[] decode(Codec codec, List<Phone.Packet> packets) {
        short[] pcm = new short[packets.stream().mapToInt(p -> p.payload().length).sum()];
        int at = 0;
        for (Phone.Packet packet : packets) {
            short[] part = decode(codec, packet.payload());
            System.arraycopy(part, 0, pcm, at, part.length);
            at += part.length;
        }
        return pcm;
    }

    /** Amplitude of one frequency in the signal (Goertzel), in sample units: a full sine of amplitude A gives about A. */
    static double amplitude(short[] samples, int from, int length, double frequency) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / RATE);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + length; i++) {
            double s = samples[i] + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, power)) / length;
    }

    static double amplitude(short[] samples, double frequency) {
        return amplitude(samples, 0, samples.length, frequency);
    }

    static double rms(short[] samples, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / length);
    }

    static double rms(short[] samples) {
        return rms(samples, 0, samples.length);
    }

    /**
     * Power spectrum of {@code length} samples (Hann window, plain DFT): bin k is k * RATE / length Hz,
     * for k from 0 to length / 2.
     */
    static double[] spectrum(short[] samples, int from, int length) {
        double[] windowed = new double[length];
        double[] cos = new double[length];
        double[] sin = new double[length];
        for (int n = 0; n < length; n++) {
            windowed[n] = (0.5 - 0.5 * Math.cos(2 * Math.PI * n / (length - 1))) * samples[from + n];
            cos[n] = Math.cos(2 * Math.PI * n / length);
            sin[n] = Math.sin(2 * Math.PI * n / length);
        }
        double[] power = new double[length / 2 + 1];
        for (int k = 0; k < power.length; k++) {
            double re = 0;
            double im = 0;
            for (int n = 0; n < length; n++) {
                int angle = (int) ((long) k * n % length);
                re += windowed[n] * cos[angle];
                im -= windowed[n] * sin[angle];
            }
            power[k] = re * re + im * im;
        }
        return power;
    }
}
