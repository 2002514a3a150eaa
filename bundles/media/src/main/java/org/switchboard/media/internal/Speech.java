package org.switchboard.media.internal;

import java.nio.ByteBuffer;
import org.switchboard.api.media.Codec;

/**
 * Tells speech from silence in one received frame: speech when its RMS is above −40 dBFS
 * (1 % of full scale, 328 in 16-bit units). Line noise, comfort-noise levels and G.711's idle
 * codes stay far below; a quietly spoken word is around −30 dBFS. Runs on every received audio
 * packet, so it only sums squares over the decoded samples and allocates nothing.
 */
final class Speech {
    /** −40 dBFS: 32768 × 10^(−40/20). */
    static final double THRESHOLD_RMS = 327.68;
    private static final long THRESHOLD_SQUARE = Math.round(THRESHOLD_RMS * THRESHOLD_RMS);

    private Speech() {}

    static boolean isSpeech(Codec codec, ByteBuffer packet, int offset, int length) {
        if (length <= 0) {
            return false;
        }
        // the sum only grows: a frame is speech as soon as it passes the threshold (a voiced frame after
        // a few samples), only silence is summed to its end
        long threshold = THRESHOLD_SQUARE * length;
        long sum = 0;
        boolean alaw = codec == Codec.PCMA;
        for (int i = offset, end = offset + length; i < end; i++) {
            byte code = packet.get(i);
            int sample = alaw ? G711.decodeAlaw(code) : G711.decodeUlaw(code);
            sum += sample * sample;
            if (sum > threshold) {
                return true;
            }
        }
        return false;
    }
}
