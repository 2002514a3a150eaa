package org.switchboard.sip.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run SIP handlers, responses, timeouts and the B2BUA's work for core. Its queue has no
 * bound: a BYE, an ACK, a response to our INVITE or a timeout must never be dropped, or a call stays up
 * with its media held. Load is kept in check before work enters, by {@link Admission} refusing new
 * calls once the oldest waiting task is too old ({@link #queueDelayMillis()}). Only a stopped pool refuses.
 */
final class SipWorkers extends ThreadPoolExecutor {
    SipWorkers(int threads, ThreadFactory threadFactory) {
        super(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threadFactory);
    }

    @Override
    public void execute(Runnable task) {
        super.execute(new Queued(task, System.nanoTime()));
    }

    /** How long the oldest task still waiting for a thread has waited: 0 when none waits. */
    long queueDelayMillis() {
        Runnable oldest = getQueue().peek();
        return oldest instanceof Queued queued ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - queued.since) : 0;
    }

    /** A task and when it was handed in. */
    private record Queued(Runnable task, long since) implements Runnable {
        @Override
        public void run() {
            task.run();
        }
    }
}
