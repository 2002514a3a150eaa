package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.store.internal.Fixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingStatus;

class JdbcRecordingRepositoryTest {
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @OnBothDatabases
    void savedRecordingIsFoundAndReplacedBySavingAgain(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording capturing = recording(UUID.randomUUID(), Optional.of(alice), T0);

        recordings.save(capturing);
        assertThat(recordings.find(capturing.id())).contains(capturing);

        Recording ready = new Recording(capturing.id(), capturing.callId(), capturing.agentId(), RecordingKind.CALL,
                RecordingStatus.READY, T0, Optional.of(Duration.ofMillis(61_250)), capturing.rawPath(),
                Optional.of("/data/recordings/" + capturing.id() + ".mp3"));
        recordings.save(ready);

        assertThat(recordings.find(capturing.id())).contains(ready);
        assertThat(recordings.list(Optional.empty(), 10)).containsExactly(ready);
        assertThat(recordings.find(UUID.randomUUID())).isEmpty();
    }

    @OnBothDatabases
    void recordingsOfACallComeInTheOrderTheyStarted(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        UUID callId = UUID.randomUUID();
        Recording voicemail = new Recording(UUID.randomUUID(), callId, Optional.empty(), RecordingKind.VOICEMAIL,
                RecordingStatus.RAW, T0.plusSeconds(20), Optional.empty(), "/data/raw/vm.raw", Optional.empty());
        Recording call = recording(callId, Optional.of(alice), T0);
        recordings.save(voicemail);
        recordings.save(call);
        recordings.save(recording(UUID.randomUUID(), Optional.of(alice), T0));

        assertThat(recordings.forCall(callId)).containsExactly(call, voicemail);
    }

    @OnBothDatabases
    void listIsNewestFirstForOneAgentOrAll(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording first = recording(UUID.randomUUID(), Optional.of(alice), T0);
        Recording second = recording(UUID.randomUUID(), Optional.of(bob), T0.plusSeconds(60));
        Recording third = recording(UUID.randomUUID(), Optional.of(alice), T0.plusSeconds(120));
        recordings.save(second);
        recordings.save(third);
        recordings.save(first);

        assertThat(recordings.list(Optional.empty(), 10)).containsExactly(third, second, first);
        assertThat(recordings.list(Optional.empty(), 2)).containsExactly(third, second);
        assertThat(recordings.list(Optional.of(alice), 10)).containsExactly(third, first);
    }

    private static Recording recording(UUID callId, Optional<UUID> agentId, Instant startedAt) {
        UUID id = UUID.randomUUID();
        return new Recording(id, callId, agentId, RecordingKind.CALL, RecordingStatus.RECORDING, startedAt,
                Optional.empty(), "/data/raw/" + id + ".raw", Optional.empty());
    }
}
