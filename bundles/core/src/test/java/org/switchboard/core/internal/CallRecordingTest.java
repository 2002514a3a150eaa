package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.Role;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.call.RecordingAction;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.event.Topics;
import org.switchboard.api.media.CaptureLayout;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.RingStrategy;
import org.switchboard.api.number.Route;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingStatus;
import org.switchboard.core.internal.RecordingMediaService.Capturing;

/** The REC button and automatic recording: core decides, media captures, the row follows. */
class CallRecordingTest {
    private final CallFixture f = new CallFixture();

    @Test
    void recStartsACaptureOfTheCustomersEndpointWithTheCustomerOnTheLeft() {
        CallFixture.Bridge bridge = f.bridged();

        Call recording = f.calls.record(bridge.callId(), RecordingAction.START);

        UUID recordingId = recording.recording().orElseThrow().recordingId();
        assertThat(recording.recording().get().automatic()).isFalse();
        Capturing capture = f.media.capture(f.endpoint(bridge.customerLeg())).orElseThrow();
        assertThat(capture.layout()).isEqualTo(CaptureLayout.FAR_END_LEFT);
        assertThat(capture.file().getFileName().toString()).isEqualTo(recordingId + ".wav");
        Recording row = f.recordings.find(recordingId).orElseThrow();
        assertThat(row.status()).isEqualTo(RecordingStatus.RECORDING);
        assertThat(row.kind()).isEqualTo(RecordingKind.CALL);
        assertThat(row.agentId()).contains(f.alice);
        assertThat(row.from()).isEqualTo(CallFixture.CUSTOMER.value());
        assertThat(row.rawPath()).isEqualTo(capture.file().toString());
        assertThat(f.lastEvent(Topics.CALL_RECORDING)).isNotNull();
    }

    @Test
    void pauseWritesSilenceAndStopHandsTheRecordingOverAsRawWithItsLength() {
        CallFixture.Bridge bridge = f.bridged();
        UUID customer = f.endpoint(bridge.customerLeg());
        UUID recordingId = f.calls.record(bridge.callId(), RecordingAction.START).recording().orElseThrow().recordingId();

        assertThat(f.calls.record(bridge.callId(), RecordingAction.PAUSE).recording().orElseThrow().paused()).isTrue();
        assertThat(f.media.capture(customer).orElseThrow().paused()).isTrue();
        f.calls.record(bridge.callId(), RecordingAction.RESUME);
        assertThat(f.media.capture(customer).orElseThrow().paused()).isFalse();

        f.clock.advance(Duration.ofSeconds(42));
        Call stopped = f.calls.record(bridge.callId(), RecordingAction.STOP);

        assertThat(stopped.recording()).isEmpty();
        assertThat(f.media.capture(customer)).isEmpty();
        assertThat(f.media.finished).hasSize(1);
        Recording row = f.recordings.find(recordingId).orElseThrow();
        assertThat(row.status()).isEqualTo(RecordingStatus.RAW);
        assertThat(row.duration()).contains(Duration.ofSeconds(42));
        assertThatThrownBy(() -> f.calls.record(bridge.callId(), RecordingAction.STOP))
                .isInstanceOf(IllegalCallStateException.class);
    }

    @Test
    void everyRecordingOfTheCallIsOnItsLogAndTheLastStopsWhenTheCallEnds() {
        CallFixture.Bridge bridge = f.bridged();
        UUID first = f.calls.record(bridge.callId(), RecordingAction.START).recording().orElseThrow().recordingId();
        f.calls.record(bridge.callId(), RecordingAction.STOP);
        UUID second = f.calls.record(bridge.callId(), RecordingAction.START).recording().orElseThrow().recordingId();

        f.calls.legEnded(bridge.customerLeg(), EndReason.NO_ANSWER);

        assertThat(f.media.finished).hasSize(2);
        assertThat(f.recordings.find(second).orElseThrow().status()).isEqualTo(RecordingStatus.RAW);
        CallLog log = f.store.find(bridge.callId()).orElseThrow();
        assertThat(log.recordingIds()).containsExactly(first, second);
    }

    @Test
    void aCallThatIsNotConnectedCannotBeRecorded() {
        Call ringing = f.inbound();

        assertThatThrownBy(() -> f.calls.record(ringing.id(), RecordingAction.START))
                .isInstanceOf(IllegalCallStateException.class).hasMessageContaining("connected");
        assertThat(f.recordings.withStatus(RecordingStatus.RECORDING, 10)).isEmpty();
    }

    @Test
    void theCaptureStartsWhenTheCustomersAudioIsAttached() {
        Call call = f.inbound();
        Leg agent = f.offer(call, f.alice());
        f.attach(agent.id());
        f.calls.legAnswered(agent.id());
        Call recording = f.calls.record(call.id(), RecordingAction.START);
        assertThat(f.media.capture(f.endpoint(agent.id()))).isEmpty();

        UUID customer = f.attach(CallFixture.callerLeg(recording).id());

        assertThat(f.media.capture(customer)).isPresent();
    }

    @Test
    void aCallThatEndsBeforeTheCustomersAudioIsAttachedLeavesNoEmptyRecording() {
        Call call = f.inbound();
        Leg agent = f.offer(call, f.alice());
        f.attach(agent.id());
        f.calls.legAnswered(agent.id());
        f.calls.record(call.id(), RecordingAction.START);

        f.calls.legEnded(agent.id(), EndReason.CALLEE_HANGUP);

        assertThat(f.recordings.withStatus(RecordingStatus.RECORDING, 10)).isEmpty();
        assertThat(f.recordings.withStatus(RecordingStatus.RAW, 10)).isEmpty();
        assertThat(f.store.find(call.id()).orElseThrow().recordingIds()).isEmpty();
    }

    @Test
    void aGroupThatRecordsEveryCallRecordsOnAnswerAndThatRecordingCanBePausedButNotStopped() {
        Agent alice = new Agent(f.alice, "alice", "Alice", "1001", Optional.empty(), Role.AGENT, true);
        Group support = new Group(UUID.randomUUID(), "support", RingStrategy.RING_ALL, List.of(f.alice),
                Duration.ofSeconds(15), true, Optional.empty());
        Call call = f.inbound();
        Call hunting = f.calls.hunt(call.id(), new Route.ToGroup(support, List.of(alice)), LegKind.SIP);
        Leg offered = hunting.legs().get(1);
        f.attach(offered.id());
        UUID customer = f.attach(CallFixture.callerLeg(call).id());

        Call answered = f.calls.legAnswered(offered.id());

        assertThat(answered.recording().orElseThrow().automatic()).isTrue();
        assertThat(f.media.capture(customer)).isPresent();
        assertThat(f.recordings.find(answered.recording().get().recordingId()).orElseThrow().groupId())
                .contains(support.id());
        assertThatThrownBy(() -> f.calls.record(call.id(), RecordingAction.STOP))
                .isInstanceOf(IllegalCallStateException.class).hasMessageContaining("paused, not stopped");
        assertThat(f.calls.record(call.id(), RecordingAction.PAUSE).recording().orElseThrow().paused()).isTrue();
    }

    @Test
    void aNumberConfiguredToRecordEveryCallIsRecordedFromTheAnswer() {
        Agent alice = new Agent(f.alice, "alice", "Alice", "1001", Optional.empty(), Role.AGENT, true);
        f.calls.setNumberPlan(new org.switchboard.api.number.NumberPlan() {
            @Override
            public Route route(String dialed) {
                return new Route.ToAgent(alice);
            }

            @Override
            public List<org.switchboard.api.number.E164> callerIdsFor(UUID agentId) {
                return List.of();
            }

            @Override
            public boolean recordsEveryCall(String dialed) {
                return dialed.equals(CallFixture.MAIN_NUMBER);
            }
        });
        Call call = f.inbound();
        Call routed = f.calls.route(call.id(), new Route.ToAgent(alice));
        Leg offered = routed.legs().get(1);
        f.attach(offered.id());

        Call answered = f.calls.legAnswered(offered.id());

        assertThat(answered.recording().orElseThrow().automatic()).isTrue();
    }

    @Test
    void withASimulatedCallerTheAgentsEndpointIsCapturedWithTheChannelsSwapped() {
        Call call = f.calls.open(CallDirection.INBOUND, LegKind.INTERNAL, Party.external(CallFixture.CUSTOMER),
                CallFixture.MAIN_NUMBER, Optional.empty());
        Leg agent = f.offer(call, f.alice());
        UUID agentEndpoint = f.attach(agent.id());
        f.calls.legAnswered(agent.id());

        f.calls.record(call.id(), RecordingAction.START);

        assertThat(f.media.capture(agentEndpoint).orElseThrow().layout()).isEqualTo(CaptureLayout.FAR_END_RIGHT);
    }
}
