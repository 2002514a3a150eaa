package org.switchboard.core.internal;

import java.time.Duration;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net's limits ({@code etc/org.switchboard.core.calls.cfg}): how long an answered call
 * may stay silent on every media endpoint, and how long any call may last. {@link Duration#ZERO}
 * turns a limit off.
 */
record CallLimits(Duration mediaTimeout, Duration maxDuration) {
    private static final Logger LOG = LoggerFactory.getLogger(CallLimits.class);

    static final CallLimits DEFAULTS = new CallLimits(Duration.ofSeconds(60), Duration.ZERO);
    /** A week: longer limits are a typo, not a policy. */
    static final int MAX_SECONDS = 7 * 24 * 3600;
    /** The watchdog looks at most this seldom; shorter limits are checked more often. */
    static final Duration LONGEST_CHECK = Duration.ofSeconds(5);

    @ObjectClassDefinition(name = "Switchboard call limits",
            description = "Ends calls whose media went silent and calls that last too long (0 turns a limit off)")
    public @interface Config {
        @AttributeDefinition(description = "An answered call (not on hold, not screening) ends when no RTP reached any of "
                + "its media endpoints for this many seconds; 0 = off")
        int mediaTimeoutSeconds() default 60;

        @AttributeDefinition(description = "Any call ends this many seconds after it started (ringing included); 0 = off")
        int maxCallSeconds() default 0;
    }

    /** A value out of range is logged and replaced by its default: call control must start whatever the file says. */
    static CallLimits of(Config config) {
        return new CallLimits(seconds(config.mediaTimeoutSeconds(), "mediaTimeoutSeconds", DEFAULTS.mediaTimeout()),
                seconds(config.maxCallSeconds(), "maxCallSeconds", DEFAULTS.maxDuration()));
    }

    boolean mediaTimeoutOn() {
        return !mediaTimeout.isZero();
    }

    boolean maxDurationOn() {
        return !maxDuration.isZero();
    }

    /** How often the watchdog looks: every 5 s, or twice per the shortest limit when that is shorter. */
    Duration checkInterval() {
        Duration shortest = LONGEST_CHECK.multipliedBy(2);
        if (mediaTimeoutOn() && mediaTimeout.compareTo(shortest) < 0) {
            shortest = mediaTimeout;
        }
        if (maxDurationOn() && maxDuration.compareTo(shortest) < 0) {
            shortest = maxDuration;
        }
        Duration half = shortest.dividedBy(2);
        return half.compareTo(Duration.ofMillis(500)) < 0 ? Duration.ofMillis(500) : half;
    }

    private static Duration seconds(int seconds, String key, Duration otherwise) {
        if (seconds < 0 || seconds > MAX_SECONDS) {
            LOG.warn("Call limits: {} must be 0 (off) to {}, not {}; {} s applies", key, MAX_SECONDS, seconds,
                    otherwise.toSeconds());
            return otherwise;
        }
        return Duration.ofSeconds(seconds);
    }
}
