package org.switchboard.recording.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that encode: each drains the RAW recordings every poll interval and, when woken (a
 * call ended), {@link #GATHER} later. Every call's end wakes them, recorded or not: at a few hundred
 * calls a second a store query per wake-up cost ~2 % of the server's CPU, while the calls ending
 * within the window now share one. {@value #THREADS} threads, so that the store round trips of one
 * recording (its call log, the link, the row) or a long encode do not hold up the next, and few
 * enough not to compete with live media for the CPU; a recording is claimed by one of them only.
 * Stopping them interrupts an encode in progress, whose recording stays RAW for the next start.
 */
final class PostProcessingWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PostProcessingWorker.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    static final int THREADS = 2;
    /** Short next to an encode; long enough to take the calls ending in a burst in one query. */
    static final Duration GATHER = Duration.ofMillis(100);

    private final PostProcessor processor;
    private final Supplier<Duration> poll;
    private final Semaphore wakeUp = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private final AtomicBoolean failing = new AtomicBoolean();

    PostProcessingWorker(PostProcessor processor, Supplier<Duration> poll) {
        this.processor = processor;
        this.poll = poll;
        for (int i = 1; i <= THREADS; i++) {
            Thread thread = new Thread(this::run, "recording-post-processor-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /** Wakes every thread; wake-ups that pile up while they work count once (a burst of ended calls). */
    void wake() {
        int missing = THREADS - wakeUp.availablePermits();
        if (missing > 0) {
            wakeUp.release(missing);
        }
    }

    void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        try {
            for (Thread thread : threads) {
                thread.join(STOP_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try {
                processor.drain();
                if (failing.compareAndSet(true, false)) {
                    LOG.info("post-processing works again");
                }
                if (wakeUp.tryAcquire(poll.get().toMillis(), TimeUnit.MILLISECONDS)) {
                    Thread.sleep(GATHER.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the store is down, most likely: say so once, keep trying at the poll interval
                if (failing.compareAndSet(false, true)) {
                    LOG.warn("post-processing paused, will retry: {}", e.toString());
                }
                try {
                    Thread.sleep(poll.get().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
