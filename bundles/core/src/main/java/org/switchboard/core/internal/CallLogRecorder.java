package org.switchboard.core.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogRepository;

/**
 * Stores the logs of ended calls, on its own thread. While the store is absent or failing, logs
 * wait here in memory and {@link #flush()} (called on every dispatcher tick) stores them later, so
 * neither a slow store nor an outage reaches the call state machine.
 */
// immediate: waiting logs live here, so it must not be deactivated when unused for a moment
@Component(service = CallLogRecorder.class, immediate = true)
public final class CallLogRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(CallLogRecorder.class);

    private final AtomicReference<CallLogRepository> repository = new AtomicReference<>();
    private final Deque<CallLog> waiting = new ArrayDeque<>();
    private final ReentrantLock flushing = new ReentrantLock();
    private boolean failing; // guarded by flushing
    /** Told after logs were stored, so delivery starts at once instead of at the next poll. */
    private volatile Runnable stored = () -> {};
    /** Where stores run: not the signalling thread that ended the call. */
    private final Executor storing;

    /** As DS makes it: logs are stored on a thread of their own. */
    public CallLogRecorder() {
        this(Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "switchboard-call-log-store");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** Tests pass {@code Runnable::run} to store on the caller's thread. */
    CallLogRecorder(Executor storing) {
        this.storing = storing;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setCallLogRepository(CallLogRepository repository) {
        this.repository.set(repository);
    }

    void unsetCallLogRepository(CallLogRepository repository) {
        this.repository.compareAndSet(repository, null);
    }

    /**
     * Queues the log and has it stored at once on the recorder's own thread (the thread that
     * ended the call, a SIP worker, must not wait for the database); a log the store refuses
     * waits for {@link #flush()}. Never waits behind a flush already running: that flush, or at
     * the latest the next dispatcher tick, stores this log too.
     */
    public void record(CallLog log) {
        synchronized (waiting) {
            waiting.addLast(log);
        }
        try {
            storing.execute(this::storeUnlessFlushing);
        } catch (RejectedExecutionException e) {
            // stopping: deactivate's flush stores it
        }
    }

    private void storeUnlessFlushing() {
        if (flushing.tryLock()) {
            try {
                storeWaiting();
            } finally {
                flushing.unlock();
            }
        }
    }

    /** Stores waiting logs in the order they came; stops at the first failure and keeps the rest. */
    public void flush() {
        flushing.lock();
        try {
            storeWaiting();
        } finally {
            flushing.unlock();
        }
    }

    private void storeWaiting() {
        CallLogRepository repo = repository.get();
        int count = 0;
        CallLog next;
        while ((next = peek()) != null) {
            try {
                if (repo == null) {
                    throw new IllegalStateException("no call log store");
                }
                repo.saveAndQueue(next);
            } catch (RuntimeException e) {
                // warn once per outage, not on every retry
                if (!failing) {
                    LOG.warn("call={} log kept in memory: {} ({} waiting)", next.id(), e.getMessage(), waitingCount());
                }
                failing = true;
                return;
            }
            synchronized (waiting) {
                waiting.pollFirst();
            }
            count++;
        }
        if (failing) {
            LOG.info("Call log store is back: {} waiting call logs stored", count);
            failing = false;
        }
        if (count > 0) {
            stored.run();
        }
    }

    private CallLog peek() {
        synchronized (waiting) {
            return waiting.peekFirst();
        }
    }

    /** {@code listener} runs on the storing thread after each batch of stored logs. */
    void onStored(Runnable listener) {
        this.stored = listener;
    }

    public int waitingCount() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    @Deactivate
    void deactivate() {
        if (storing instanceof ExecutorService service) {
            service.shutdown();
            try {
                service.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
        int lost = waitingCount();
        if (lost > 0) {
            LOG.error("{} call logs could not be stored before core stopped", lost);
        }
    }
}
