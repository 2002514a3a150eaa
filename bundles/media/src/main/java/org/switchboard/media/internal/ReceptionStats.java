package org.switchboard.media.internal;

/**
 * Sequence-gap loss and interarrival jitter of the packets received on one endpoint (RFC 3550
 * A.1, A.3, A.8). Written by the endpoint's media thread only; read by anyone (values may be a
 * packet behind).
 */
final class ReceptionStats {
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = 1 << 16;

    private boolean started;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private long received;
    /** Loss of earlier sources or of a sequence before a restart. */
    private long lostBefore;
    private volatile long lost;

    private boolean hasTransit;
    private long lastTransit;
    /** Jitter in timestamp units, scaled by 16 as in RFC 3550 A.8. */
    private long jitterScaled;
    private volatile double jitterMillis;

    private boolean hasSsrc;
    private int ssrc;

    /** Counts one packet of the accepted source; a new SSRC starts its sequence numbers afresh. */
    void packet(int packetSsrc, int seq) {
        if (!hasSsrc || packetSsrc != ssrc) {
            lostBefore += currentLoss();
            started = false;
            hasTransit = false;
            hasSsrc = true;
            ssrc = packetSsrc;
        }
        sequence(seq);
    }

    private void sequence(int seq) {
        if (!started) {
            started = true;
            maxSeq = seq;
            baseSeq = seq;
            cycles = 0;
            received = 1;
            return;
        }
        int delta = (seq - maxSeq) & 0xFFFF;
        if (delta > 0 && delta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
            received++;
        } else if (delta == 0 || delta >= SEQ_MOD - MAX_MISORDER) {
            received++; // duplicate or late: counted, so it cancels the gap it left
        } else {
            // a jump: the source restarted its sequence; keep what was lost so far
            lostBefore += currentLoss();
            maxSeq = seq;
            baseSeq = seq;
            cycles = 0;
            received = 1;
        }
        lost = lostBefore + currentLoss();
    }

    /** Interarrival jitter from the arrival time and RTP timestamp of one audio packet. */
    void arrival(long arrivalNanos, long rtpTimestamp, int clockRate) {
        long arrival = arrivalNanos / 1000 * clockRate / 1_000_000;
        long transit = arrival - rtpTimestamp;
        if (hasTransit) {
            long d = Math.abs(transit - lastTransit);
            if (d < (long) clockRate * 10) { // a timestamp jump is a new talk spurt, not jitter
                jitterScaled += d - ((jitterScaled + 8) >> 4);
                jitterMillis = (jitterScaled >> 4) * 1000.0 / clockRate;
            }
        }
        lastTransit = transit;
        hasTransit = true;
    }

    long lost() {
        return lost;
    }

    double jitterMillis() {
        return jitterMillis;
    }

    private long currentLoss() {
        if (!started) {
            return 0;
        }
        long expected = cycles + maxSeq - baseSeq + 1;
        return Math.max(0, expected - received);
    }
}
