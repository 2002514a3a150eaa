package org.switchboard.core.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Ring timeouts on one daemon thread; the tasks only take a call's lock briefly. */
final class ScheduledRingTimer implements RingTimer, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "switchboard-ring-timer");
        thread.setDaemon(true);
        return thread;
    });

    ScheduledRingTimer() {
        // a hunt's timer is cancelled when a member answers: without this the cancelled task, and the call
        // it refers to, stayed queued until the ring time was up
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Runnable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
