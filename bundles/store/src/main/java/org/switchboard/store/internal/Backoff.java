package org.switchboard.store.internal;

import java.time.Duration;

/** Doubling delays between attempts, capped. */
record Backoff(Duration first, Duration max) {
    static final Backoff MIGRATIONS = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    /** The wait after the given number of failures in a row (1 = after the first failure). */
    Duration delayAfter(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        Duration delay = first.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
