package org.switchboard.recording.internal.audio;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.IOException;
import java.io.OutputStream;
import javax.sound.sampled.AudioFormat;

/**
 * Constant-bit-rate MP3 from 16-bit PCM by jump3r (LAME in Java). At 8 kHz LAME writes MPEG-2.5
 * layer III; 24 kbit/s mono and 32 kbit/s stereo keep telephone speech clear (G.711 itself is
 * 64 kbit/s per direction) at about 180 and 240 kB per minute.
 */
final class Mp3Stream implements AutoCloseable {
    static final int MONO_KBPS = 24;
    static final int STEREO_KBPS = 32;

    private final LameEncoder lame;
    private final OutputStream out;
    private final int channels;
    private final byte[] pcm;
    private final byte[] mp3;

    Mp3Stream(int sampleRate, int channels, OutputStream out) {
        this.channels = channels;
        this.out = out;
        AudioFormat format = new AudioFormat(sampleRate, 16, channels, true, false);
        this.lame = new LameEncoder(format, channels == 1 ? MONO_KBPS : STEREO_KBPS,
                channels == 1 ? LameEncoder.CHANNEL_MODE_MONO : LameEncoder.CHANNEL_MODE_STEREO,
                LameEncoder.QUALITY_MIDDLE, false);
        this.pcm = new byte[lame.getPCMBufferSize()];
        this.mp3 = new byte[lame.getMP3BufferSize()];
    }

    /** The most frames one {@link #write} takes. */
    int maxFrames() {
        return pcm.length / (2 * channels);
    }

    /** Encodes {@code frames} interleaved frames (at most {@link #maxFrames()}). */
    void write(short[] samples, int frames) throws IOException {
        int count = frames * channels;
        for (int i = 0; i < count; i++) {
            pcm[2 * i] = (byte) samples[i];
            pcm[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        int written = lame.encodeBuffer(pcm, 0, count * 2, mp3);
        if (written < 0) {
            throw new IOException("MP3 encoder failed (LAME error " + written + ")");
        }
        out.write(mp3, 0, written);
    }

    /** Flushes the encoder's last frames. */
    void finish() throws IOException {
        int written = lame.encodeFinish(mp3);
        if (written < 0) {
            throw new IOException("MP3 encoder failed to finish (LAME error " + written + ")");
        }
        out.write(mp3, 0, written);
    }

    @Override
    public void close() {
        lame.close();
    }
}
