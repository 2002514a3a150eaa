package org.switchboard.media.internal;

/**
 * A bounded FIFO of linear samples between a media thread that writes and another thread that
 * reads (mixer tick, capture writer). When full, the oldest samples are overwritten: a reader
 * that falls behind loses old audio, never blocks a media thread.
 */
final class SampleRing {
    private final short[] data;
    private int head;
    private int size;

    SampleRing(int capacity) {
        data = new short[capacity];
    }

    synchronized void write(short[] source, int length) {
        int offset = 0;
        if (length > data.length) {
            offset = length - data.length;
            length = data.length;
        }
        int overflow = size + length - data.length;
        if (overflow > 0) {
            head = (head + overflow) % data.length;
            size -= overflow;
        }
        int tail = (head + size) % data.length;
        int first = Math.min(length, data.length - tail);
        System.arraycopy(source, offset, data, tail, first);
        System.arraycopy(source, offset + first, data, 0, length - first);
        size += length;
    }

    /** Reads up to {@code length} samples; returns how many were there. */
    synchronized int read(short[] target, int offset, int length) {
        int n = Math.min(length, size);
        int first = Math.min(n, data.length - head);
        System.arraycopy(data, head, target, offset, first);
        System.arraycopy(data, 0, target, offset + first, n - first);
        head = (head + n) % data.length;
        size -= n;
        return n;
    }

    /** Drops the oldest samples so that at most {@code keep} remain (bounds the delay). */
    synchronized void trimTo(int keep) {
        if (size > keep) {
            head = (head + size - keep) % data.length;
            size = keep;
        }
    }

    synchronized int available() {
        return size;
    }
}
