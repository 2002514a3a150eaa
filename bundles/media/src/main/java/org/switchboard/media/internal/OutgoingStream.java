package org.switchboard.media.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one RTP stream a far end receives from us: our own SSRC, and sequence numbers and
 * timestamps that run on without a jump whether the audio is forwarded from the bridged peer
 * (whose numbers are shifted by an offset fixed when that source starts), mixed, or generated.
 * Phones then never see a new source when a call is held, transferred or conferenced.
 *
 * <p>Synchronized: the peer's media thread forwards while this endpoint's thread generates.
 */
final class OutgoingStream {
    private static final int FRAME = ToneSource.FRAME;
    /**
     * Longer silences than this restart the timestamp from the wall clock. Shorter ones are a
     * generator the scheduler held up on a busy machine: its frames still follow one another, so
     * their timestamps do too (the receiver's jitter buffer absorbs the late arrival).
     */
    private static final long CONTINUOUS_NANOS = 200_000_000L;
    private static final long NANOS_PER_SAMPLE = 1_000_000_000L / ToneSource.SAMPLE_RATE;

    private final int ssrc;
    private int lastSeq;
    private long lastTs;
    private long lastNanos;
    private int lastSamples = FRAME;
    private boolean forwarding;
    private boolean generatedAudio;
    private int sourceSsrc;
    private int seqOffset;
    private long tsOffset;

    OutgoingStream(long nowNanos) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.ssrc = random.nextInt();
        this.lastSeq = random.nextInt(1 << 16);
        this.lastTs = random.nextLong(1L << 32);
        this.lastNanos = nowNanos;
    }

    int ssrc() {
        return ssrc;
    }

    /** Rewrites SSRC, sequence number and timestamp of a forwarded packet (payload type already set). */
    synchronized void stampForwarded(ByteBuffer packet, long nanos) {
        int inSsrc = Rtp.ssrc(packet);
        int inSeq = Rtp.sequence(packet);
        long inTs = Rtp.timestamp(packet);
        boolean newSource = !forwarding || inSsrc != sourceSsrc;
        if (newSource) {
            long ts = continueAt(nanos);
            seqOffset = lastSeq + 1 - inSeq;
            tsOffset = ts - inTs;
            sourceSsrc = inSsrc;
            forwarding = true;
            generatedAudio = false;
        }
        int seq = (inSeq + seqOffset) & 0xFFFF;
        long ts = (inTs + tsOffset) & Rtp.TIMESTAMP_MASK;
        packet.putShort(2, (short) seq);
        packet.putInt(4, (int) ts);
        packet.putInt(8, ssrc);
        if (newSource) {
            packet.put(1, (byte) (packet.get(1) | 0x80)); // a new talk spurt for the receiver
        }
        if (((seq - lastSeq) & 0xFFFF) < 0x8000) { // not a late, reordered packet
            lastSeq = seq;
            lastTs = ts;
            lastNanos = nanos;
        }
    }

    /** Writes the header of a generated audio frame of {@code samples} samples. */
    synchronized void stampGenerated(ByteBuffer packet, int payloadType, int samples, long nanos) {
        boolean continuous = generatedAudio && nanos - lastNanos < CONTINUOUS_NANOS;
        long ts = continuous ? (lastTs + lastSamples) & Rtp.TIMESTAMP_MASK : continueAt(nanos);
        lastSeq = (lastSeq + 1) & 0xFFFF;
        lastTs = ts;
        lastNanos = nanos;
        lastSamples = samples;
        Rtp.writeHeader(packet, !continuous, payloadType, lastSeq, ts, ssrc);
        forwarding = false;
        generatedAudio = true;
    }

    /**
     * The timestamp of an RFC 4733 event starting now; its packets all carry it. A digit that
     * directly follows another passes the exact timestamp (previous + 160 ms), so tick jitter
     * does not show in the timestamps.
     */
    synchronized long beginEvent(long nanos, long exactTimestamp) {
        long ts = exactTimestamp >= 0 ? exactTimestamp : continueAt(nanos);
        lastTs = ts;
        lastNanos = nanos;
        lastSamples = 0;
        forwarding = false;
        generatedAudio = false;
        return ts;
    }

    /** Header of one RFC 4733 event packet: a new sequence number, the event's timestamp. */
    synchronized void stampEvent(ByteBuffer packet, int payloadType, boolean marker, long eventTs) {
        lastSeq = (lastSeq + 1) & 0xFFFF;
        Rtp.writeHeader(packet, marker, payloadType, lastSeq, eventTs, ssrc);
    }

    /** Where the timestamp stands now: the last one plus the time since (at least its packet's length). */
    private long continueAt(long nanos) {
        long elapsed = Math.max(0, nanos - lastNanos) / NANOS_PER_SAMPLE;
        return (lastTs + Math.max(elapsed, lastSamples)) & Rtp.TIMESTAMP_MASK;
    }
}
