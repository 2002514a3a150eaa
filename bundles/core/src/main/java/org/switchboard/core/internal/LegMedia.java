package org.switchboard.core.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * What core knows of a leg's media that the api does not show: how long its endpoint has received
 * nothing. A service inside the core bundle only (its package is not exported), offered by the call
 * state machine, which alone knows which endpoint carries each leg.
 */
public interface LegMedia {
    /** How long the leg's media endpoint has received no RTP; empty when it has none (yet) or media is down. */
    Optional<Duration> idle(UUID legId);
}
