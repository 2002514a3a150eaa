package org.switchboard.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Ring timeouts that fire only when the test says so. */
final class ManualRingTimer implements RingTimer {
    private final class Scheduled {
        final Duration delay;
        final Runnable task;
        boolean cancelled;

        Scheduled(Duration delay, Runnable task) {
            this.delay = delay;
            this.task = task;
        }
    }

    private final List<Scheduled> scheduled = new ArrayList<>();

    @Override
    public synchronized Runnable schedule(Duration delay, Runnable task) {
        Scheduled s = new Scheduled(delay, task);
        scheduled.add(s);
        return () -> {
            synchronized (ManualRingTimer.this) {
                s.cancelled = true;
            }
        };
    }

    /** Timeouts scheduled and not cancelled (fired ones included). */
    synchronized long pending() {
        return scheduled.stream().filter(s -> !s.cancelled).count();
    }

    /** The delay of the newest timeout. */
    synchronized Duration lastDelay() {
        return scheduled.get(scheduled.size() - 1).delay;
    }

    /** Fires every timeout that is still pending, as if its time had come; returns how many fired. */
    int fireAll() {
        List<Scheduled> due;
        synchronized (this) {
            due = scheduled.stream().filter(s -> !s.cancelled).toList();
            scheduled.removeAll(due);
        }
        due.forEach(s -> s.task.run());
        return due.size();
    }

    /** Fires even the cancelled ones: a timeout that raced with an answer must do nothing. */
    int fireIncludingCancelled() {
        List<Scheduled> due;
        synchronized (this) {
            due = List.copyOf(scheduled);
            scheduled.clear();
        }
        due.forEach(s -> s.task.run());
        return due.size();
    }
}
