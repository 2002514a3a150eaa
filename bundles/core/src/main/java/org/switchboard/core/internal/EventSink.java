package org.switchboard.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The optional, dynamic EventAdmin of one component. Core keeps working while EventAdmin is
 * absent or restarting; events of that moment are simply not published.
 *
 * <p>A {@linkplain #batched batched} sink posts in bursts: an event waits up to {@link #LINGER} on a
 * queue, then the sink's one thread posts everything that gathered, in the order it came. EventAdmin
 * delivers asynchronously on a thread of its own, which it wakes for an event unless it is still
 * delivering the ones before: posted one by one as calls change, a call's four or five events woke
 * it four or five times (at 800 calls a second, 86,000 wake-ups in 20 s). A burst wakes it once.
 * Handlers see the events a few milliseconds later, in the same order.
 */
final class EventSink implements AutoCloseable {
    /** How long an event of a batched sink may wait for the ones after it. */
    static final Duration LINGER = Duration.ofMillis(5);

    private final AtomicReference<EventAdmin> eventAdmin = new AtomicReference<>();
    /** Null: events are posted on the caller's thread at once. */
    private final ScheduledExecutorService poster;
    private final Queue<Event> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    private EventSink(ScheduledExecutorService poster) {
        this.poster = poster;
    }

    /** Posts each event on the caller's thread as it comes (tests, and components that post seldom). */
    static EventSink immediate() {
        return new EventSink(null);
    }

    /** Posts in bursts from a daemon thread of this name; {@link #close} stops it. */
    static EventSink batched(String threadName) {
        ScheduledThreadPoolExecutor poster = new ScheduledThreadPoolExecutor(1, DaemonThreads.named(threadName));
        poster.setExecuteExistingDelayedTasksAfterShutdownPolicy(true); // close() still posts what waits
        return new EventSink(poster);
    }

    void bind(EventAdmin admin) {
        eventAdmin.set(admin);
    }

    void unbind(EventAdmin admin) {
        // a replacement may already be bound; only forget the one that leaves
        eventAdmin.compareAndSet(admin, null);
    }

    void post(String topic, Map<String, ?> properties) {
        EventAdmin admin = eventAdmin.get();
        if (admin == null) {
            return;
        }
        Event event = new Event(topic, properties);
        if (poster == null) {
            admin.postEvent(event);
            return;
        }
        pending.add(event);
        if (flushScheduled.compareAndSet(false, true)) {
            try {
                poster.schedule(this::flush, LINGER.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                flush(); // closed: nothing is lost, it is posted here
            }
        }
    }

    /** Posts what waits, in order; the lock keeps a flush on the closing thread from interleaving with the poster's. */
    private synchronized void flush() {
        flushScheduled.set(false);
        EventAdmin admin = eventAdmin.get();
        for (Event event = pending.poll(); event != null; event = pending.poll()) {
            if (admin != null) {
                admin.postEvent(event);
            }
        }
    }

    /** Stops the sink's thread once it has posted what waits; later events are posted on the caller's thread. */
    @Override
    public void close() {
        if (poster == null) {
            return;
        }
        poster.shutdown();
        try {
            poster.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
