package org.switchboard.webrtc.internal.rtp;

/**
 * Makes whatever the line's peer sends look like one stream to the browser: our SSRC (the one in
 * the answer), sequence numbers and timestamps that carry on without a jump when the peer or its
 * SSRC changes. Within one source, numbers keep their spacing, so loss still shows as a gap.
 * Not thread-safe: used by the one thread that reads the plain side.
 */
public final class OutgoingStream {

    private static final int CLOCK_RATE = 8000;
    private static final int FRAME = 160;

    private final long ssrc;
    private long sourceSsrc = -1;
    private int sequenceOffset;
    private long timestampOffset;
    private int lastSequence;
    private long lastTimestamp;
    private long lastSentNanos;
    private boolean started;

    public OutgoingStream(long ssrc, int firstSequence, long firstTimestamp) {
        this.ssrc = ssrc;
        // As if a frame had just been sent, so the first packet continues from these numbers.
        this.lastSequence = (firstSequence - 1) & 0xFFFF;
        this.lastTimestamp = (firstTimestamp - FRAME) & 0xFFFFFFFFL;
    }

    public long ssrc() {
        return ssrc;
    }

    /** The next packet starts a new source, even if it reuses the old SSRC (another peer). */
    public void sourceChanged() {
        sourceSsrc = -1;
    }

    /** Rewrites the RTP header in place; {@code nowNanos} is the monotonic time of arrival. */
    public void rewrite(byte[] data, int offset, long nowNanos) {
        long packetSsrc = Rtp.ssrc(data, offset);
        int sequence = Rtp.sequence(data, offset);
        long timestamp = Rtp.timestamp(data, offset);
        if (packetSsrc != sourceSsrc) {
            // Continue one sequence number on, and the timestamp by the time that really passed,
            // so the browser's jitter buffer neither stalls nor plays the new source too early.
            long elapsed = started ? (nowNanos - lastSentNanos) * CLOCK_RATE / 1_000_000_000L : FRAME;
            long nextTimestamp = lastTimestamp + Math.max(elapsed, 1);
            sequenceOffset = ((lastSequence + 1) - sequence) & 0xFFFF;
            timestampOffset = (nextTimestamp - timestamp) & 0xFFFFFFFFL;
            sourceSsrc = packetSsrc;
            Rtp.setMarker(data, offset);
        }
        lastSequence = (sequence + sequenceOffset) & 0xFFFF;
        lastTimestamp = (timestamp + timestampOffset) & 0xFFFFFFFFL;
        lastSentNanos = nowNanos;
        started = true;
        Rtp.writeSequence(data, offset, lastSequence);
        Rtp.writeTimestamp(data, offset, lastTimestamp);
        Rtp.writeSsrc(data, offset, ssrc);
    }
}
