package org.switchboard.core.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>
 * Group commit: a log waits up to {@link #GROUP_COMMIT_WINDOW} for the logs of other calls ending
 * meanwhile, and they are stored in one transaction (at most {@link #MAX_BATCH} a transaction). A
 * log counts as stored only once that transaction committed; until then it is held here, as before.
 */
// immediate: waiting logs live here, so it must not be deactivated when unused for a moment
@Component(service = CallLogRecorder.class, immediate = true)
public final class CallLogRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(CallLogRecorder.class);
    /**
     * Long enough to gather the logs of many calls at a few hundred calls a second (with the embedded H2
     * a commit writes its pages at once, so commits, not rows, are the store's cost), short next to a hang-up.
     */
    static final Duration GROUP_COMMIT_WINDOW = Duration.ofMillis(50);
    static final int MAX_BATCH = 200;

    private final AtomicReference<CallLogRepository> repository = new AtomicReference<>();
    private final Deque<CallLog> waiting = new ArrayDeque<>();
    private final ReentrantLock flushing = new ReentrantLock();
    private boolean failing; // guarded by flushing
    /** Told after logs were stored, so delivery starts at once instead of at the next poll. */
    private volatile Runnable stored = () -> {};
    /** Where stores run: not the signalling thread that ended the call. */
    private final Executor storing;
    /** How long a store waits for more logs before it starts: {@link #GROUP_COMMIT_WINDOW}, or none in tests. */
    private final Duration window;
    /** Set while a store is queued on {@link #storing}: the logs recorded meanwhile go with it. */
    private final AtomicBoolean storeQueued = new AtomicBoolean();

    /** As DS makes it: logs are stored on a thread of their own, in group commits. */
    public CallLogRecorder() {
        this(Executors.newSingleThreadExecutor(DaemonThreads.named("switchboard-call-log-store")), GROUP_COMMIT_WINDOW);
    }

    /** Tests pass {@code Runnable::run} to store on the caller's thread. */
    CallLogRecorder(Executor storing) {
        this(storing, Duration.ZERO);
    }

    CallLogRecorder(Executor storing, Duration window) {
        this.storing = storing;
        this.window = window;
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
        if (!storeQueued.compareAndSet(false, true)) {
            return; // the queued store takes this log too
        }
        try {
            storing.execute(this::storeAfterWindow);
        } catch (RejectedExecutionException e) {
            storeQueued.set(false); // stopping: deactivate's flush stores it
        }
    }

    private void storeAfterWindow() {
        if (!window.isZero() && waitingCount() < MAX_BATCH) {
            try {
                Thread.sleep(window.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopping: store what is here, deactivate flushes the rest
            }
        }
        // from here on a new log queues the next store: this one may have taken its batch already
        storeQueued.set(false);
        storeUnlessFlushing();
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
        List<CallLog> batch;
        while (!(batch = nextBatch()).isEmpty()) {
            int done = store(repo, batch);
            synchronized (waiting) {
                for (int i = 0; i < done; i++) {
                    waiting.pollFirst();
                }
            }
            count += done;
            if (done < batch.size()) {
                break;
            }
        }
        if (failing && count > 0 && waitingCount() == 0) {
            LOG.info("Call log store is back: {} waiting call logs stored", count);
            failing = false;
        }
        if (count > 0) {
            stored.run();
        }
    }

    /**
     * Stores the batch in one transaction; when the store refuses it, one log at a time, so the
     * logs before a log the store cannot take are still stored. Returns how many of the batch's
     * first logs are stored.
     */
    private int store(CallLogRepository repo, List<CallLog> batch) {
        try {
            if (repo == null) {
                throw new IllegalStateException("no call log store");
            }
            repo.saveAllAndQueue(batch);
            return batch.size();
        } catch (RuntimeException batchFailure) {
            int stored = 0;
            for (CallLog log : batch) {
                try {
                    if (repo == null) {
                        throw batchFailure;
                    }
                    repo.saveAndQueue(log);
                    stored++;
                } catch (RuntimeException e) {
                    // warn once per outage, not on every retry
                    if (!failing) {
                        LOG.warn("call={} log kept in memory: {} ({} waiting)", log.id(), e.getMessage(), waitingCount());
                    }
                    failing = true;
                    return stored;
                }
            }
            return stored;
        }
    }

    private List<CallLog> nextBatch() {
        synchronized (waiting) {
            List<CallLog> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
            Iterator<CallLog> logs = waiting.iterator();
            while (logs.hasNext() && batch.size() < MAX_BATCH) {
                batch.add(logs.next());
            }
            return batch;
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
