package org.switchboard.sip.internal;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One warning per dropped or refused message, at most 20 a minute so a flood cannot flood the log. */
final class BadMessageLog {
    private static final Logger LOG = LoggerFactory.getLogger(BadMessageLog.class);

    private final LogThrottle throttle;

    BadMessageLog(Clock clock) {
        this.throttle = new LogThrottle(20, Duration.ofMinutes(1), clock);
    }

    void warn(String format, Object... arguments) {
        long suppressed = throttle.admit();
        if (suppressed < 0) {
            return;
        }
        if (suppressed > 0) {
            LOG.warn("sip: {} more bad messages were not logged", suppressed);
        }
        LOG.warn(format, arguments);
    }
}
