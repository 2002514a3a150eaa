package org.switchboard.itests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Mono 16-bit PCM WAV files: what the itests' phones play as their microphone and what they
 * record. Only the RIFF/WAVE layout that sox, libsndfile and baresip write is understood.
 */
record Wav(int sampleRate, short[] samples) {

    double seconds() {
        return samples.length / (double) sampleRate;
    }

    /** Writes a sine tone of {@code amplitude} (0..1 of full scale) as 16-bit mono PCM. */
    static void writeTone(Path file, int sampleRate, double frequency, double seconds, double amplitude)
            throws IOException {
        short[] samples = new short[(int) Math.round(sampleRate * seconds)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(amplitude * Short.MAX_VALUE * Math.sin(2 * Math.PI * frequency * i / sampleRate));
        }
        new Wav(sampleRate, samples).write(file);
    }

    void write(Path file) throws IOException {
        int dataBytes = samples.length * 2;
        ByteBuffer out = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
        out.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        out.putShort((short) 1) // PCM
                .putShort((short) 1) // mono
                .putInt(sampleRate)
                .putInt(sampleRate * 2) // byte rate
                .putShort((short) 2) // block align
                .putShort((short) 16); // bits per sample
        out.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (short sample : samples) {
            out.putShort(sample);
        }
        Files.write(file, out.array());
    }

    /**
     * Reads a mono 16-bit PCM WAV. A data chunk whose size was never patched (a writer killed
     * before closing the file) is read up to the end of the file.
     */
    static Wav read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 12 || !"RIFF".equals(tag(in))) {
            throw new IOException(file + " is not a RIFF file (" + in.limit() + " bytes)");
        }
        in.getInt(); // RIFF size: not trusted, a writer may not have patched it
        if (!"WAVE".equals(tag(in))) {
            throw new IOException(file + " is not a WAVE file");
        }
        int sampleRate = -1;
        while (in.remaining() >= 8) {
            String id = tag(in);
            long size = Integer.toUnsignedLong(in.getInt());
            if ("fmt ".equals(id)) {
                int format = Short.toUnsignedInt(in.getShort(in.position()));
                int channels = in.getShort(in.position() + 2);
                sampleRate = in.getInt(in.position() + 4);
                int bits = in.getShort(in.position() + 14);
                if ((format != 1 && format != 0xFFFE) || channels != 1 || bits != 16) {
                    throw new IOException(file + ": need mono 16-bit PCM, found format " + format + ", "
                            + channels + " channels, " + bits + " bits");
                }
            } else if ("data".equals(id)) {
                if (sampleRate < 0) {
                    throw new IOException(file + ": data chunk before fmt chunk");
                }
                int bytes = (int) Math.min(size == 0 ? Long.MAX_VALUE : size, in.remaining());
                short[] samples = new short[bytes / 2];
                in.asShortBuffer().get(samples);
                return new Wav(sampleRate, samples);
            }
            in.position((int) Math.min(in.limit(), in.position() + size + (size & 1)));
        }
        throw new IOException(file + " has no data chunk");
    }

    private static String tag(ByteBuffer in) {
        byte[] bytes = new byte[4];
        in.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
