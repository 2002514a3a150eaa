package org.switchboard.core.internal;

import java.util.ArrayDeque;
import java.util.Deque;
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
 * Stores the logs of ended calls. While the store is absent or failing, logs wait here in memory
 * and {@link #flush()} (called on every dispatcher tick) stores them later, so a store outage
 * never reaches the call state machine.
 */
// immediate: waiting logs live here, so it must not be deactivated when unused for a moment
@Component(service = CallLogRecorder.class, immediate = true)
public final class CallLogRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(CallLogRecorder.class);

    private final AtomicReference<CallLogRepository> repository = new AtomicReference<>();
    private final Deque<CallLog> waiting = new ArrayDeque<>();
    private final ReentrantLock flushing = new ReentrantLock();
    private boolean failing; // guarded by flushing

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setCallLogRepository(CallLogRepository repository) {
        this.repository.set(repository);
    }

    void unsetCallLogRepository(CallLogRepository repository) {
        this.repository.compareAndSet(repository, null);
    }

    /**
     * Stores the log now if the store takes it, otherwise keeps it for {@link #flush()}. Never
     * waits behind a flush already running (a slow store must not hold up the thread that ended
     * the call): that flush, or at the latest the next dispatcher tick, stores this log too.
     */
    public void record(CallLog log) {
        synchronized (waiting) {
            waiting.addLast(log);
        }
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
        int stored = 0;
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
            stored++;
        }
        if (failing) {
            LOG.info("Call log store is back: {} waiting call logs stored", stored);
            failing = false;
        }
    }

    private CallLog peek() {
        synchronized (waiting) {
            return waiting.peekFirst();
        }
    }

    public int waitingCount() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    @Deactivate
    void deactivate() {
        flush();
        int lost = waitingCount();
        if (lost > 0) {
            LOG.error("{} call logs could not be stored before core stopped", lost);
        }
    }
}
