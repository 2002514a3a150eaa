package org.switchboard.core.internal;

import java.time.Duration;

/** Schedules the ring timeouts of group hunts; tests fire them by hand. */
@FunctionalInterface
interface RingTimer {

    /** Runs {@code task} after {@code delay}; the returned action cancels it if it has not run. */
    Runnable schedule(Duration delay, Runnable task);
}
