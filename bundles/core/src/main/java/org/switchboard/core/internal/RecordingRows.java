package org.switchboard.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingRepository;

/**
 * Saves recording metadata off the call's thread, in the order it changed; the latest state of a
 * recording waits here while the store is absent or failing and goes in at the next {@link #flush}
 * (the dispatcher's tick), so recording never waits for, nor fails with, the database.
 */
final class RecordingRows {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingRows.class);

    private final AtomicReference<RecordingRepository> repository = new AtomicReference<>();
    private final Map<UUID, Recording> waiting = new LinkedHashMap<>();
    private final Executor saving;
    private boolean failing; // guarded by waiting

    RecordingRows() {
        this(Executors.newSingleThreadExecutor(DaemonThreads.named("switchboard-recording-rows")));
    }

    /** Tests pass {@code Runnable::run}. */
    RecordingRows(Executor saving) {
        this.saving = saving;
    }

    void bind(RecordingRepository repo) {
        repository.set(repo);
        flush();
    }

    void unbind(RecordingRepository repo) {
        repository.compareAndSet(repo, null);
    }

    RecordingRepository repository() {
        return repository.get();
    }

    void save(Recording recording) {
        synchronized (waiting) {
            waiting.remove(recording.id()); // keeps the order of the latest changes
            waiting.put(recording.id(), recording);
        }
        flush();
    }

    void flush() {
        try {
            saving.execute(this::saveWaiting);
        } catch (RejectedExecutionException e) {
            // stopping: what waits is lost from memory, but the capture files are on disk
        }
    }

    private void saveWaiting() {
        RecordingRepository repo = repository.get();
        while (true) {
            Recording next;
            synchronized (waiting) {
                if (waiting.isEmpty()) {
                    if (failing) {
                        LOG.info("Recording store is back: waiting recordings saved");
                        failing = false;
                    }
                    return;
                }
                next = waiting.values().iterator().next();
            }
            try {
                if (repo == null) {
                    throw new IllegalStateException("no recording store");
                }
                repo.save(next);
            } catch (RuntimeException e) {
                synchronized (waiting) {
                    if (!failing) {
                        LOG.warn("recording={} kept in memory: {}", next.id(), e.getMessage());
                    }
                    failing = true;
                }
                return;
            }
            synchronized (waiting) {
                waiting.remove(next.id(), next);
            }
        }
    }

    void close() {
        if (saving instanceof java.util.concurrent.ExecutorService service) {
            service.shutdown();
        }
    }
}
