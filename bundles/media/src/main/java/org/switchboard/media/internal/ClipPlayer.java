package org.switchboard.media.internal;

import java.util.Arrays;

/**
 * Plays a clip once (a voicemail greeting and its beep), then silence frames: the far end keeps
 * receiving a stream, so NAT bindings and RTP-timeout watchdogs hold while a message is recorded.
 */
final class ClipPlayer implements ToneSource {
    private final short[] samples;
    private int position;

    ClipPlayer(short[] samples) {
        this.samples = samples;
    }

    @Override
    public void next(short[] frame) {
        int n = Math.max(0, Math.min(FRAME, samples.length - position));
        System.arraycopy(samples, position, frame, 0, n);
        Arrays.fill(frame, n, FRAME, (short) 0);
        position += n;
    }
}
