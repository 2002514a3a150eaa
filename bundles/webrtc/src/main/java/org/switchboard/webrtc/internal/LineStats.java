package org.switchboard.webrtc.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * Counters of one line.
 *
 * @param connectTime from the answer to DTLS-SRTP being up
 * @param firstAudioTime from the answer to the first decrypted RTP packet from the browser
 */
public record LineStats(
        long rtpFromBrowser,
        long rtcpFromBrowser,
        long rtpToBrowser,
        long rejectedFromBrowser,
        long droppedFromPeer,
        Optional<Duration> connectTime,
        Optional<Duration> firstAudioTime,
        Optional<String> srtpProfile) {

    static Optional<Duration> since(long startNanos, long eventNanos) {
        return eventNanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(eventNanos - startNanos));
    }
}
