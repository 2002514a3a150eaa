package org.switchboard.media.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.switchboard.api.media.CaptureLayout;

/**
 * A raw capture of one endpoint: a stereo 8 kHz 16-bit PCM WAV, by default left = what the far
 * end sent us, right = what we sent it ({@link CaptureLayout#FAR_END_RIGHT} swaps them). While
 * paused, media threads put silence in the rings instead of the audio, so the timeline goes
 * on. Media threads only put decoded samples into two rings; the
 * capture writer thread lays them out on the wall clock (samples that did not arrive become
 * silence, so both channels stay aligned) and rewrites the header sizes on every flush, so
 * the file is a valid WAV up to the last flush even if the process dies.
 */
final class Capture {
    static final int SAMPLE_RATE = ToneSource.SAMPLE_RATE;
    private static final long NANOS_PER_SAMPLE = 1_000_000_000L / SAMPLE_RATE;
    private static final int BYTES_PER_FRAME = 4;
    /** Written this far behind real time, so packets delayed by jitter still land in place. */
    private static final int LAG_SAMPLES = SAMPLE_RATE / 10;
    /** More buffered than this (clock drift) and the oldest is dropped. */
    private static final int MAX_BACKLOG = LAG_SAMPLES + SAMPLE_RATE / 5;
    private static final int CHUNK = SAMPLE_RATE / 2;
    /** What a paused capture writes instead of a packet's samples (larger than any packet). */
    private static final short[] SILENCE = new short[2048];

    private final UUID endpointId;
    private final UUID legId;
    private final Path file;
    private final SampleRing received = new SampleRing(2 * SAMPLE_RATE);
    private final SampleRing sent = new SampleRing(2 * SAMPLE_RATE);
    private final FileChannel channel;
    private final CaptureLayout layout;
    private final long startNanos;
    private final short[] left = new short[CHUNK];
    private final short[] right = new short[CHUNK];
    private final ByteBuffer out = ByteBuffer.allocate(CHUNK * BYTES_PER_FRAME).order(ByteOrder.LITTLE_ENDIAN);
    private volatile boolean paused;
    private long frames;
    private boolean finished;

    private Capture(UUID endpointId, UUID legId, Path file, FileChannel channel, CaptureLayout layout,
            long startNanos) {
        this.endpointId = endpointId;
        this.legId = legId;
        this.file = file;
        this.channel = channel;
        this.layout = layout;
        this.startNanos = startNanos;
    }

    /** Creates (or truncates) the file with a valid, empty WAV header. */
    static Capture open(UUID endpointId, UUID legId, Path file, CaptureLayout layout, long nanos, Disk disk)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel = disk.open(file);
        try {
            WavHeader.write(channel, 0);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new Capture(endpointId, legId, file, channel, layout, nanos);
    }

    /** Opens a capture's file for writing; tests give one whose disk fills up. */
    @FunctionalInterface
    interface Disk {
        /** The real disk: the file is created or truncated. */
        Disk LOCAL = file -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);

        FileChannel open(Path file) throws IOException;
    }

    UUID endpointId() {
        return endpointId;
    }

    UUID legId() {
        return legId;
    }

    Path file() {
        return file;
    }

    /** Media threads: what the far end sent us. */
    void received(short[] pcm, int samples) {
        append(received, pcm, samples);
    }

    /** Media threads: what we sent the far end. */
    void sent(short[] pcm, int samples) {
        append(sent, pcm, samples);
    }

    private void append(SampleRing ring, short[] pcm, int samples) {
        if (paused) {
            ring.write(SILENCE, Math.min(samples, SILENCE.length));
        } else {
            ring.write(pcm, samples);
        }
    }

    /**
     * Paused, nothing said from now on reaches the rings or the file (a card number read out).
     * Silence takes its place sample for sample, so the audio after resuming is written exactly
     * where it belongs in time.
     */
    void pause(boolean on) {
        paused = on;
    }

    boolean paused() {
        return paused;
    }

    /** Writer thread: writes up to {@code nanos} minus the lag, then the header. */
    synchronized void flush(long nanos) throws IOException {
        if (finished) {
            return;
        }
        long due = (nanos - startNanos) / NANOS_PER_SAMPLE - LAG_SAMPLES;
        if (due > frames) {
            long count = due - frames;
            received.trimTo((int) Math.min(Integer.MAX_VALUE, count + MAX_BACKLOG));
            sent.trimTo((int) Math.min(Integer.MAX_VALUE, count + MAX_BACKLOG));
            write(count);
            WavHeader.write(channel, frames * BYTES_PER_FRAME);
        }
    }

    /** Writer thread: writes what is left and closes the file. */
    synchronized void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            write(Math.max(received.available(), sent.available()));
        } finally {
            try {
                WavHeader.write(channel, frames * BYTES_PER_FRAME); // what was written stays playable
            } finally {
                channel.close();
            }
        }
    }

    /**
     * Writer thread, after a write failed: writes no more (the disk is full), counts what is on
     * disk in the header and closes. The failure is already reported, so this one stays quiet.
     */
    synchronized void abandon() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            WavHeader.write(channel, frames * BYTES_PER_FRAME);
        } catch (IOException e) {
            // the header of the last good flush stays: still a playable file
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to lose
            }
        }
    }

    private void write(long count) throws IOException {
        while (count > 0) {
            int n = (int) Math.min(count, CHUNK);
            SampleRing first = layout == CaptureLayout.FAR_END_LEFT ? received : sent;
            SampleRing second = first == received ? sent : received;
            int l = first.read(left, 0, n);
            int r = second.read(right, 0, n);
            out.clear();
            for (int i = 0; i < n; i++) {
                out.putShort(i < l ? left[i] : 0);
                out.putShort(i < r ? right[i] : 0);
            }
            out.flip();
            long position = WavHeader.SIZE + frames * BYTES_PER_FRAME;
            while (out.hasRemaining()) {
                position += channel.write(out, position);
            }
            frames += n;
            count -= n;
        }
    }
}
