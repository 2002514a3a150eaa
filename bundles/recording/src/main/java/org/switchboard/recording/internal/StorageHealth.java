package org.switchboard.recording.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.event.Topics;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingStatus;
import org.switchboard.api.recording.RecordingStorage;

/**
 * Health {@code recordings}: DOWN while free space under the recordings directory is below
 * {@code minFreeMegabytes}, or for 10 minutes after media reported a capture it could not
 * write. Every 30 s it measures the space (raising RECORDING_STORAGE_ALERT once per fall below
 * the limit) and counts the recordings waiting and failed; {@link #check()} reads only that
 * and the free space, so it never waits on the store.
 */
@Component(
        service = {HealthIndicator.class, EventHandler.class},
        immediate = true,
        configurationPid = Recordings.PID,
        property = EventConstants.EVENT_TOPIC + "=" + Topics.RECORDING_STORAGE_ALERT)
public final class StorageHealth implements HealthIndicator, EventHandler {
    static final String NAME = "recordings";
    /** Property of our own RECORDING_STORAGE_ALERT. */
    static final String FREE_BYTES = "freeBytes";
    /** Properties of media's RECORDING_STORAGE_ALERT for a failed capture. */
    static final String ERROR = "error";
    static final String FILE = "file";
    static final Duration FAILURE_MEMORY = Duration.ofMinutes(10);
    private static final Duration CHECK_PERIOD = Duration.ofSeconds(30);
    private static final int COUNT_LIMIT = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(StorageHealth.class);

    private record CaptureFailure(Instant at, String message) {}

    private record Counts(int pending, int failed) {}

    private final RecordingRepository recordings;
    private final RecordingEvents events;
    private final Supplier<Path> root;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile long minFreeBytes;
    private volatile CaptureFailure lastFailure;
    private volatile Counts counts;
    private boolean belowLimit;

    @Activate
    public StorageHealth(@Reference RecordingRepository recordings, @Reference EventAdmin eventAdmin, Recordings.Config config) {
        this(recordings, eventAdmin, RecordingStorage::root, Clock.systemUTC(), Recordings.settingsOf(config).minFreeBytes());
        timer.scheduleAtFixedRate(this::measureSafely, 0, CHECK_PERIOD.toSeconds(), TimeUnit.SECONDS);
    }

    /** Not scheduled: tests call {@link #measure()}. */
    StorageHealth(RecordingRepository recordings, EventAdmin eventAdmin, Supplier<Path> root, Clock clock, long minFreeBytes) {
        this.recordings = recordings;
        this.events = new RecordingEvents(eventAdmin);
        this.root = root;
        this.clock = clock;
        this.minFreeBytes = minFreeBytes;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "recording-storage-check");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Modified
    void modified(Recordings.Config config) {
        minFreeBytes = Recordings.settingsOf(config).minFreeBytes();
        timer.execute(this::measureSafely);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Media's report of a capture it could not write; our own low-space alerts carry no error. */
    @Override
    public void handleEvent(Event event) {
        Object error = event.getProperty(ERROR);
        if (error != null) {
            Object file = event.getProperty(FILE);
            lastFailure = new CaptureFailure(clock.instant(), file == null ? error.toString() : file + ": " + error);
        }
    }

    @Override
    public Health check() {
        long free;
        try {
            free = freeBytes();
        } catch (IOException e) {
            return Health.down("recordings directory " + root.get() + " unreadable: " + e.getMessage());
        }
        CaptureFailure failure = lastFailure;
        boolean recentFailure = failure != null && failure.at().plus(FAILURE_MEMORY).isAfter(clock.instant());
        Counts known = counts;
        String detail = "freeBytes=" + free
                + (known == null ? "" : ", pending=" + count(known.pending()) + ", failed=" + count(known.failed()))
                + (failure == null ? "" : ", lastError=" + failure.message() + " at " + failure.at());
        if (free < minFreeBytes) {
            return Health.down("free space below " + minFreeBytes / (1024 * 1024) + " MB: " + detail);
        }
        if (recentFailure) {
            return Health.down("a capture failed in the last " + FAILURE_MEMORY.toMinutes() + " minutes: " + detail);
        }
        return Health.up(detail);
    }

    private static String count(int value) {
        return value >= COUNT_LIMIT ? COUNT_LIMIT + "+" : String.valueOf(value);
    }

    /** Free space check (alert once per fall below the limit) and the counts the health detail shows. */
    void measure() throws IOException {
        long free = freeBytes();
        synchronized (this) {
            if (free < minFreeBytes && !belowLimit) {
                belowLimit = true;
                LOG.warn("recordings: only {} MB free under {} (limit {} MB)", free / (1024 * 1024), root.get(),
                        minFreeBytes / (1024 * 1024));
                events.lowOnSpace(free);
            } else if (free >= minFreeBytes && belowLimit) {
                belowLimit = false;
                LOG.info("recordings: free space back to {} MB under {}", free / (1024 * 1024), root.get());
            }
        }
        counts = new Counts(recordings.withStatus(RecordingStatus.RAW, COUNT_LIMIT).size(),
                recordings.withStatus(RecordingStatus.FAILED, COUNT_LIMIT).size());
    }

    private void measureSafely() {
        try {
            measure();
        } catch (IOException | RuntimeException e) {
            LOG.debug("recordings storage check failed", e);
        }
    }

    /** Usable space on the file system that holds (or will hold) the recordings directory. */
    private long freeBytes() throws IOException {
        Path existing = root.get().toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException("no existing parent directory");
        }
        return Files.getFileStore(existing).getUsableSpace();
    }
}
