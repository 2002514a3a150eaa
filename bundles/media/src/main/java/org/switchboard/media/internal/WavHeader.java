package org.switchboard.media.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** The 44-byte header of a stereo 8 kHz 16-bit PCM WAV file. */
final class WavHeader {
    static final int SIZE = 44;
    private static final int CHANNELS = 2;
    private static final int BITS = 16;
    private static final long MAX_DATA = 0xFFFF_FFFFL - 36;

    private WavHeader() {}

    static void write(FileChannel channel, long dataBytes) throws IOException {
        long data = Math.min(dataBytes, MAX_DATA);
        int blockAlign = CHANNELS * BITS / 8;
        ByteBuffer header = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        header.putInt((int) (36 + data));
        header.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        header.put("fmt ".getBytes(StandardCharsets.US_ASCII));
        header.putInt(16);
        header.putShort((short) 1); // PCM
        header.putShort((short) CHANNELS);
        header.putInt(Capture.SAMPLE_RATE);
        header.putInt(Capture.SAMPLE_RATE * blockAlign);
        header.putShort((short) blockAlign);
        header.putShort((short) BITS);
        header.put("data".getBytes(StandardCharsets.US_ASCII));
        header.putInt((int) data);
        header.flip();
        int position = 0;
        while (header.hasRemaining()) {
            position += channel.write(header, position);
        }
    }
}
