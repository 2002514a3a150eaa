package org.switchboard.webrtc.internal;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.switchboard.webrtc.internal.dtls.SrtpProfile;

/**
 * How the engine runs.
 *
 * @param icePort the shared UDP port for every line (port 0 picks a free one)
 * @param consentTimeout a connected line whose browser gives no sign of life (no answer to a consent
 *        check, no packet) for this long is dead
 * @param connectTimeout a line that is not connected this long after the answer is dead
 * @param srtpProfiles the SRTP profiles we accept, best first
 */
public record LineSettings(InetSocketAddress icePort, Duration consentTimeout, Duration connectTimeout,
        List<SrtpProfile> srtpProfiles, Clock clock) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    public LineSettings {
        if (consentTimeout.isNegative() || consentTimeout.isZero()) {
            throw new IllegalArgumentException("consentTimeout must be positive");
        }
        if (icePort.getAddress() == null || icePort.getAddress().isAnyLocalAddress()) {
            // The bound address is the host candidate in every answer: browsers cannot reach "any".
            throw new IllegalArgumentException("the ICE port needs a concrete bind address, not " + icePort);
        }
        if (srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("at least one SRTP profile");
        }
        srtpProfiles = List.copyOf(srtpProfiles);
    }

    public LineSettings(InetSocketAddress icePort, Duration consentTimeout) {
        this(icePort, consentTimeout, DEFAULT_CONNECT_TIMEOUT, List.of(SrtpProfile.values()), Clock.systemUTC());
    }
}
