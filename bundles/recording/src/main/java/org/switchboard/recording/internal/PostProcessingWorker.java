package org.switchboard.recording.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that encodes: it drains the RAW recordings every poll interval and at once
 * when woken (a call ended). One thread keeps encoding from competing with live media for the
 * CPU; stopping it interrupts an encode in progress, whose recording stays RAW for the next
 * start.
 */
final class PostProcessingWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PostProcessingWorker.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final PostProcessor processor;
    private final Supplier<Duration> poll;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    private boolean failing;

    PostProcessingWorker(PostProcessor processor, Supplier<Duration> poll) {
        this.processor = processor;
        this.poll = poll;
        this.thread = new Thread(this::run, "recording-post-processor");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void wake() {
        wakeUp.release();
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try {
                processor.drain();
                if (failing) {
                    LOG.info("post-processing works again");
                    failing = false;
                }
                wakeUp.tryAcquire(poll.get().toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the store is down, most likely: say so once, keep trying at the poll interval
                if (!failing) {
                    LOG.warn("post-processing paused, will retry: {}", e.toString());
                    failing = true;
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
