package org.switchboard.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.recording.internal.audio.Channels;

class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    @TempDir
    Path dir;

    private final InMemoryRecordings recordings = new InMemoryRecordings();
    private final InMemoryCallLogs callLogs = new InMemoryCallLogs();
    private final CollectedEvents events = new CollectedEvents();
    private final MutableClock clock = new MutableClock(NOW);

    private Recordings bundle(int retentionDays) {
        return new Recordings(recordings, callLogs, events,
                new Settings(Channels.MONO, Duration.ofSeconds(1), true, "http://localhost:8181", retentionDays, 0), new byte[32],
                id -> dir.resolve(id + ".wav"), clock);
    }

    /** A READY recording with its raw WAV and MP3 on disk. */
    private Recording playable(Duration age) throws Exception {
        Path raw = TestAudio.writeTone(dir.resolve(UUID.randomUUID() + ".wav"), 1, 1000, 0);
        Recording recording = Recording.started(UUID.randomUUID(), UUID.randomUUID(), RecordingKind.CALL, Optional.empty(),
                Optional.empty(), "a", "b", NOW.minus(age), raw.toString()).captured(Duration.ofSeconds(1));
        recordings.save(recording);
        callLogs.storeLogOf(recording.callId(), NOW);
        bundle(0).postProcessNow();
        return recordings.find(recording.id()).orElseThrow();
    }

    private static Path mp3(Recording recording) {
        return Path.of(recording.playablePath().orElseThrow());
    }

    @Test
    void recordingsOlderThanTheRetentionAreDeletedWithTheirFiles() throws Exception {
        Recording old = playable(Duration.ofDays(91));
        Recording older = playable(Duration.ofDays(400));
        Recording recent = playable(Duration.ofDays(89));
        Recording live = Recording.started(UUID.randomUUID(), UUID.randomUUID(), RecordingKind.CALL, Optional.empty(),
                Optional.empty(), "a", "b", NOW.minus(Duration.ofDays(100)), dir.resolve("live.wav").toString());
        recordings.save(live);
        events.events.clear();

        assertThat(bundle(90).applyRetention()).isEqualTo(2);

        assertThat(recordings.rows.keySet()).containsExactlyInAnyOrder(recent.id(), live.id());
        assertThat(Path.of(old.rawPath())).doesNotExist();
        assertThat(mp3(old)).doesNotExist();
        assertThat(mp3(older)).doesNotExist();
        assertThat(Path.of(recent.rawPath())).exists();
        assertThat(mp3(recent)).exists();
        assertThat(events.on(Topics.RECORDING_UPDATED)).hasSize(2)
                .allSatisfy(e -> assertThat(e.getProperty(EventProperties.DELETED)).isEqualTo(true));
    }

    @Test
    void zeroDaysKeepsEverything() throws Exception {
        Recording ancient = playable(Duration.ofDays(5000));

        assertThat(bundle(0).applyRetention()).isZero();

        assertThat(recordings.rows).containsKey(ancient.id());
        assertThat(mp3(ancient)).exists();
    }

    @Test
    void deletingARecordingRemovesItsFilesAndRowAndTellsTheInbox() throws Exception {
        Recording recording = playable(Duration.ofMinutes(5));
        events.events.clear();

        assertThat(bundle(90).delete(recording.id())).isTrue();

        assertThat(recordings.rows).isEmpty();
        assertThat(Path.of(recording.rawPath())).doesNotExist();
        assertThat(mp3(recording)).doesNotExist();
        assertThat(Files.list(dir)).isEmpty();
        Event deleted = events.on(Topics.RECORDING_UPDATED).get(0);
        assertThat(deleted.getProperty(EventProperties.RECORDING_ID)).isEqualTo(recording.id().toString());
        assertThat(deleted.getProperty(EventProperties.DELETED)).isEqualTo(true);
        assertThat(bundle(90).delete(recording.id())).isFalse();
    }
}
