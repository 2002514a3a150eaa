package org.switchboard.sip.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps one kind of log line to a few per minute, so a flood of garbage cannot flood the log: the
 * first line after a quiet period says how many were suppressed.
 */
final class LogThrottle {
    private final int perWindow;
    private final Duration window;
    private final Clock clock;
    private Instant windowStart = Instant.MIN;
    private int logged;
    private long suppressed;

    LogThrottle(int perWindow, Duration window, Clock clock) {
        this.perWindow = perWindow;
        this.window = window;
        this.clock = clock;
    }

    /**
     * @return -1 when this event must not be logged, else how many events were suppressed since the
     *     last logged one
     */
    synchronized long admit() {
        Instant now = clock.instant();
        if (!now.isBefore(windowStart.plus(window))) {
            windowStart = now;
            logged = 0;
        }
        if (logged >= perWindow) {
            suppressed++;
            return -1;
        }
        logged++;
        long count = suppressed;
        suppressed = 0;
        return count;
    }
}
