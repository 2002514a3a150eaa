package org.switchboard.media.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.media.CaptureLayout;

/**
 * The one thread that touches capture files, so no media thread ever waits for a disk. Every
 * {@value #FLUSH_MILLIS} ms it appends what each capture buffered and rewrites its header.
 */
final class CaptureWriter {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureWriter.class);
    static final long FLUSH_MILLIS = 200;
    private static final long WAIT_SECONDS = 10;

    /** Told on the writer thread when a capture stopped because its file could not be written. */
    @FunctionalInterface
    interface FailureListener {
        void captureFailed(Capture capture, Exception error);
    }

    private final ScheduledExecutorService executor;
    private final Set<Capture> active = ConcurrentHashMap.newKeySet();
    private final Capture.Disk disk;
    private final FailureListener failures;

    CaptureWriter(Capture.Disk disk, FailureListener failures) {
        this.disk = disk;
        this.failures = failures;
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "switchboard-media-capture");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::flushAll, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Opens the file on the writer thread; the header is on disk when this returns. */
    Capture start(UUID endpointId, UUID legId, Path file, CaptureLayout layout) {
        Capture capture = await(executor.submit(() -> {
            Capture opened = Capture.open(endpointId, legId, file, layout, System.nanoTime(), disk);
            active.add(opened);
            return opened;
        }));
        LOG.info("endpoint={} leg={} capture started file={} layout={}", endpointId, legId, file, layout);
        return capture;
    }

    /**
     * Writes the rest and closes the file; returns once it is complete. A file that cannot be
     * written is reported like a failed flush and does not throw: stopping a call's capture (or
     * releasing its endpoint) must not fail because the disk did.
     */
    void finish(Capture capture) {
        boolean written = await(executor.submit(() -> {
            active.remove(capture);
            try {
                capture.finish();
                return true;
            } catch (IOException | RuntimeException e) {
                LOG.warn("endpoint={} leg={} capture stopped, file={} failed: {}", capture.endpointId(),
                        capture.legId(), capture.file(), e.toString());
                tellFailed(capture, e);
                return false;
            }
        }));
        if (written) {
            LOG.info("endpoint={} leg={} capture finished file={}", capture.endpointId(), capture.legId(),
                    capture.file());
        }
    }

    /** Finishes every capture still open and stops the thread. */
    void close() {
        try {
            executor.submit(() -> {
                for (Capture capture : active) {
                    finishQuietly(capture);
                }
                active.clear();
            }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("Captures not all finished on shutdown: {}", e.toString());
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flushAll() {
        long now = System.nanoTime();
        for (Capture capture : active) {
            try {
                capture.flush(now);
            } catch (IOException | RuntimeException e) {
                // a full disk must not kill the writer; this capture stops, the call goes on
                active.remove(capture);
                LOG.warn("endpoint={} leg={} capture stopped, file={} failed: {}", capture.endpointId(),
                        capture.legId(), capture.file(), e.toString());
                capture.abandon();
                tellFailed(capture, e);
            }
        }
    }

    private void tellFailed(Capture capture, Exception error) {
        try {
            failures.captureFailed(capture, error);
        } catch (RuntimeException e) {
            LOG.warn("endpoint={} leg={} capture failure not reported: {}", capture.endpointId(), capture.legId(),
                    e.toString());
        }
    }

    private static void finishQuietly(Capture capture) {
        try {
            capture.finish();
        } catch (IOException | RuntimeException e) {
            LOG.warn("endpoint={} leg={} capture file={} not finalised: {}", capture.endpointId(), capture.legId(),
                    capture.file(), e.toString());
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the capture writer", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new IllegalStateException("capture writer failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("capture writer did not answer within " + WAIT_SECONDS + " s", e);
        }
    }
}
