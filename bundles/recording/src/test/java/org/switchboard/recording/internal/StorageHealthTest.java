package org.switchboard.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.switchboard.api.event.Topics;
import org.switchboard.api.health.HealthStatus;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;

class StorageHealthTest {
    @TempDir
    Path dir;

    private final InMemoryRecordings recordings = new InMemoryRecordings();
    private final CollectedEvents events = new CollectedEvents();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));

    private StorageHealth health(long minFreeBytes) {
        // the recordings directory need not exist yet: its nearest existing parent's file system counts
        return new StorageHealth(recordings, events, () -> dir.resolve("recordings"), clock, minFreeBytes);
    }

    @Test
    void upWithFreeSpaceAndCountsInTheDetail() throws Exception {
        recordings.save(Recording.started(UUID.randomUUID(), UUID.randomUUID(), RecordingKind.CALL, Optional.empty(),
                Optional.empty(), "a", "b", clock.instant(), "x.wav").captured(Duration.ofSeconds(3)));
        StorageHealth health = health(0);

        health.measure();

        assertThat(health.name()).isEqualTo("recordings");
        assertThat(health.check().status()).isEqualTo(HealthStatus.UP);
        assertThat(health.check().detail()).contains("freeBytes=", "pending=1", "failed=0");
        assertThat(events.events).isEmpty();
    }

    @Test
    void lowSpaceIsDownAndAlertsOncePerFall() throws Exception {
        StorageHealth health = health(Long.MAX_VALUE);

        health.measure();
        health.measure();

        assertThat(health.check().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(health.check().detail()).contains("free space below");
        assertThat(events.on(Topics.RECORDING_STORAGE_ALERT)).hasSize(1)
                .allSatisfy(e -> assertThat((Long) e.getProperty("freeBytes")).isPositive());
    }

    @Test
    void captureFailureReportedByMediaIsDownForTenMinutes() {
        StorageHealth health = health(0);

        health.handleEvent(new Event(Topics.RECORDING_STORAGE_ALERT, Map.of("file", "/data/recordings/x.wav", "error", "No space left on device")));

        assertThat(health.check().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(health.check().detail()).contains("No space left on device");
        clock.advance(Duration.ofMinutes(11));
        assertThat(health.check().status()).isEqualTo(HealthStatus.UP);
        assertThat(health.check().detail()).contains("lastError=");
    }

    @Test
    void ourOwnLowSpaceAlertIsNotTakenForACaptureFailure() {
        StorageHealth health = health(0);

        health.handleEvent(new Event(Topics.RECORDING_STORAGE_ALERT, Map.of("freeBytes", 1L)));

        assertThat(health.check().status()).isEqualTo(HealthStatus.UP);
    }
}
