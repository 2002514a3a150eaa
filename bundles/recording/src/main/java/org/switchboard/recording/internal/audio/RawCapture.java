package org.switchboard.recording.internal.audio;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A raw capture as media left it: a 16-bit PCM WAV whose header sizes may lag the data (they are
 * rewritten on each flush, so after a crash they are stale or 0). The file's length is trusted
 * instead, and a trailing partial frame is dropped.
 */
public final class RawCapture implements Closeable {
    private static final int PCM = 1;
    private static final int MAX_HEADER_SCAN = 64 * 1024;

    private final int channels;
    private final int sampleRate;
    private final long frames;
    private final InputStream data;
    private final byte[] buffer;
    private long framesLeft;

    private RawCapture(int channels, int sampleRate, long frames, InputStream data) {
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.frames = frames;
        this.framesLeft = frames;
        this.data = data;
        this.buffer = new byte[4096 * channels * 2];
    }

    /** @throws MalformedAudioException when the file is not a 16-bit PCM WAV with one or two channels */
    public static RawCapture open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long length = channel.size();
            Layout layout = layout(channel, length);
            long dataBytes = length - layout.dataOffset;
            long frames = dataBytes / (2L * layout.channels);
            channel.position(layout.dataOffset);
            InputStream in = new BufferedInputStream(java.nio.channels.Channels.newInputStream(channel), 64 * 1024);
            return new RawCapture(layout.channels, layout.sampleRate, frames, in);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private record Layout(int channels, int sampleRate, long dataOffset) {}

    private static Layout layout(FileChannel channel, long length) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(length, MAX_HEADER_SCAN)).order(ByteOrder.LITTLE_ENDIAN);
        while (head.hasRemaining() && channel.read(head) > 0) {
            // fill what the file has
        }
        head.flip();
        if (head.remaining() < 12 || !tag(head, 0).equals("RIFF") || !tag(head, 8).equals("WAVE")) {
            throw new MalformedAudioException("not a WAV file (no RIFF/WAVE header)");
        }
        int position = 12;
        int channels = 0;
        int sampleRate = 0;
        while (position + 8 <= head.limit()) {
            String id = tag(head, position);
            long size = Integer.toUnsignedLong(head.getInt(position + 4));
            int body = position + 8;
            if (id.equals("fmt ")) {
                if (body + 16 > head.limit()) {
                    throw new MalformedAudioException("truncated fmt chunk");
                }
                int format = Short.toUnsignedInt(head.getShort(body));
                channels = Short.toUnsignedInt(head.getShort(body + 2));
                sampleRate = head.getInt(body + 4);
                int bits = Short.toUnsignedInt(head.getShort(body + 14));
                if (format != PCM || bits != 16 || channels < 1 || channels > 2 || sampleRate < 8000 || sampleRate > 48000) {
                    throw new MalformedAudioException("unsupported capture format: format " + format + ", " + bits
                            + " bits, " + channels + " channels, " + sampleRate + " Hz (expected 16-bit PCM, mono or stereo)");
                }
            } else if (id.equals("data")) {
                if (channels == 0) {
                    throw new MalformedAudioException("data chunk before the fmt chunk");
                }
                // the data chunk runs to the end of the file whatever its size field says
                return new Layout(channels, sampleRate, body);
            }
            position = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new MalformedAudioException("no data chunk in the WAV header");
    }

    private static String tag(ByteBuffer buffer, int at) {
        byte[] bytes = new byte[4];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    public int channels() {
        return channels;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Whole frames in the file, from its length. */
    public long frames() {
        return frames;
    }

    /**
     * Reads up to {@code maxFrames} interleaved frames into {@code samples}.
     *
     * @return frames read, 0 at the end
     */
    public int read(short[] samples, int maxFrames) throws IOException {
        int wanted = (int) Math.min(Math.min(maxFrames, framesLeft), buffer.length / (2 * channels));
        if (wanted == 0) {
            return 0;
        }
        int bytes = wanted * 2 * channels;
        int read = data.readNBytes(buffer, 0, bytes);
        int got = read / (2 * channels);
        for (int i = 0; i < got * channels; i++) {
            samples[i] = (short) ((buffer[2 * i] & 0xff) | (buffer[2 * i + 1] << 8));
        }
        framesLeft = got < wanted ? 0 : framesLeft - got;
        return got;
    }

    @Override
    public void close() throws IOException {
        data.close();
    }
}
