package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingStatus;

/** A crash leaves recordings RECORDING; at start-up they are kept up to the cut and logged. */
class RecordingRecoveryTest {
    private final CallFixture f = new CallFixture();
    @TempDir
    Path dir;

    @Test
    void aRecordingCutOffByACrashBecomesRawWithTheLengthItsFileHoldsAndItsCallGetsALog() throws IOException {
        Instant started = f.clock.instant().minusSeconds(60);
        Recording cut = recording(UUID.randomUUID(), started, 6 * 32_000); // six seconds of stereo audio
        f.recordings.save(cut);

        RecordingRecovery.recover(f.recordings, f.store, f.recorder, f.calls, new InMemoryAgentRepository(),
                f.clock.instant());

        Recording recovered = f.recordings.find(cut.id()).orElseThrow();
        assertThat(recovered.status()).isEqualTo(RecordingStatus.RAW);
        assertThat(recovered.duration()).contains(Duration.ofSeconds(6));
        CallLog log = f.store.find(cut.callId()).orElseThrow();
        assertThat(log.recordingIds()).containsExactly(cut.id());
        assertThat(log.disposition()).isEqualTo(Disposition.ANSWERED);
        assertThat(log.endedAt()).isEqualTo(started.plusSeconds(6));
        assertThat(log.subject()).contains("restart");
    }

    @Test
    void recordingsOfLiveCallsAndOfCallsStartedSinceAreLeftAlone() throws IOException {
        CallFixture.Bridge bridge = f.bridged();
        UUID live = f.calls.record(bridge.callId(), org.switchboard.api.call.RecordingAction.START)
                .recording().orElseThrow().recordingId();
        Recording recent = recording(UUID.randomUUID(), f.clock.instant().plusSeconds(1), 100);
        f.recordings.save(recent);

        RecordingRecovery.recover(f.recordings, f.store, f.recorder, f.calls, new InMemoryAgentRepository(),
                f.clock.instant().plusMillis(500));

        assertThat(f.recordings.find(live).orElseThrow().status()).isEqualTo(RecordingStatus.RECORDING);
        assertThat(f.recordings.find(recent.id()).orElseThrow().status()).isEqualTo(RecordingStatus.RECORDING);
    }

    private Recording recording(UUID callId, Instant started, int audioBytes) throws IOException {
        UUID id = UUID.randomUUID();
        Path file = dir.resolve(id + ".wav");
        Files.write(file, new byte[44 + audioBytes]);
        return Recording.started(id, callId, RecordingKind.CALL, Optional.of(f.alice), Optional.empty(), "+15551230001",
                "+15550100", started, file.toString());
    }
}
