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
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.CallVoicemail;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.event.Topics;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.RingStrategy;
import org.switchboard.api.number.Route;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingStatus;

/** Voicemail when nobody answers, and call screening: listening in, then picking up. */
class VoicemailTest {
    private final CallFixture f = new CallFixture();
    private final Agent alice = new Agent(f.alice, "alice", "Alice", "1001", Optional.empty(), Role.AGENT, true);
    private final Agent bob = new Agent(f.bob, "bob", "Bob", "1002", Optional.empty(), Role.AGENT, true);

    @Test
    void anUnansweredCallToAnAgentGoesToTheirVoicemailAfterTheRingTime() {
        Call call = f.inbound();
        f.calls.route(call.id(), new Route.ToAgent(alice));
        assertThat(f.ringTimer.lastDelay()).isEqualTo(VoicemailSettings.DEFAULTS.agentRingTime());

        f.ringTimer.fireAll();

        Call diverted = f.call(call.id());
        CallVoicemail message = diverted.voicemail().orElseThrow();
        assertThat(message.box().agentId()).contains(f.alice);
        assertThat(message.phase()).isEqualTo(CallVoicemail.Phase.GREETING);
        assertThat(diverted.state()).isEqualTo(CallState.ACTIVE);
        assertThat(diverted.answeredAt()).isEmpty();
        assertThat(f.sip.commands).contains("connect " + CallFixture.callerLeg(call).id());
        assertThat(offered(diverted)).isEmpty();
        assertThat(f.lastEvent(Topics.CALL_VOICEMAIL)).isNotNull();
    }

    @Test
    void theCallerHearsTheGreetingThenTheirMessageIsCapturedUntilSilenceEndsIt() {
        Call call = divertedToAlice();
        UUID caller = f.attach(CallFixture.callerLeg(call).id());
        assertThat(f.media.clip(caller)).isPresent();
        assertThat(f.ringTimer.lastDelay()).isGreaterThan(Duration.ofSeconds(3)); // greeting, pause and beep

        f.ringTimer.fireAll(); // the beep has played
        Call recording = f.call(call.id());
        assertThat(recording.voicemail().orElseThrow().phase()).isEqualTo(CallVoicemail.Phase.RECORDING);
        assertThat(f.media.clip(caller)).isEmpty();
        assertThat(f.media.capture(caller)).isPresent();
        UUID messageId = recording.voicemail().get().recordingId();
        Recording row = f.recordings.find(messageId).orElseThrow();
        assertThat(row.kind()).isEqualTo(RecordingKind.VOICEMAIL);
        assertThat(row.agentId()).contains(f.alice);

        f.clock.advance(Duration.ofSeconds(15));
        f.media.silences.put(caller, Duration.ofSeconds(11)); // spoke for 4 s, then fell silent
        f.ringTimer.fireAll();

        Call ended = f.call(call.id());
        assertThat(ended.state()).isEqualTo(CallState.ENDED);
        assertThat(f.media.finished).hasSize(1);
        Recording message = f.recordings.find(messageId).orElseThrow();
        assertThat(message.status()).isEqualTo(RecordingStatus.RAW);
        assertThat(message.duration()).contains(Duration.ofSeconds(15));
        CallLog log = f.store.find(call.id()).orElseThrow();
        assertThat(log.disposition()).isEqualTo(Disposition.VOICEMAIL);
        assertThat(log.agentId()).contains(f.alice);
        assertThat(log.recordingIds()).containsExactly(messageId);
    }

    @Test
    void aMessageStillBeingSpokenGoesOnUntilTheMaximumLength() {
        Call call = divertedToAlice();
        UUID caller = f.attach(CallFixture.callerLeg(call).id());
        f.ringTimer.fireAll();

        f.clock.advance(Duration.ofSeconds(60));
        f.ringTimer.fireAll();
        assertThat(f.call(call.id()).state()).isEqualTo(CallState.ACTIVE);

        f.clock.advance(VoicemailSettings.DEFAULTS.maxLength());
        f.ringTimer.fireAll();
        assertThat(f.call(call.id()).endReason()).contains(EndReason.CALLEE_HANGUP);
        assertThat(f.media.capture(caller)).isEmpty();
    }

    @Test
    void aGroupWithNoMemberAvailableSendsTheCallerToItsVoicemailAtOnce() {
        Group support = group(Optional.of(Duration.ofSeconds(20)));
        Call call = f.inbound();

        Call hunting = f.calls.hunt(call.id(), new Route.ToGroup(support, List.of()), LegKind.SIP);

        assertThat(hunting.voicemail().orElseThrow().box().groupId()).contains(support.id());
        assertThat(hunting.state()).isEqualTo(CallState.ACTIVE);
    }

    @Test
    void aGroupRingsUntilItsVoicemailTimeThenTakesAMessage() {
        Group support = group(Optional.of(Duration.ofSeconds(20)));
        Call call = f.inbound();
        f.calls.hunt(call.id(), new Route.ToGroup(support, List.of(alice, bob)), LegKind.SIP);
        assertThat(f.ringTimer.lastDelay()).isEqualTo(Duration.ofSeconds(20));

        f.ringTimer.fireAll();

        Call diverted = f.call(call.id());
        assertThat(diverted.voicemail()).isPresent();
        assertThat(diverted.legs()).filteredOn(l -> l.party().agentId().isPresent())
                .allSatisfy(l -> assertThat(l.endReason()).contains(EndReason.NO_ANSWER));
    }

    @Test
    void aGroupWithoutVoicemailStillEndsUnanswered() {
        Call call = f.inbound();
        f.calls.hunt(call.id(), new Route.ToGroup(group(Optional.empty()), List.of(alice)), LegKind.SIP);

        f.ringTimer.fireAll();

        assertThat(f.call(call.id()).endReason()).contains(EndReason.NO_ANSWER);
    }

    @Test
    void rejectingSendsTheCallerToVoicemail() {
        Call call = f.inbound();
        Call routed = f.calls.route(call.id(), new Route.ToAgent(alice));

        f.calls.decline(offered(routed).get(0).id());

        assertThat(f.call(call.id()).voicemail()).isPresent();
    }

    @Test
    void screeningSendsTheCallerToVoicemailWhileTheAgentListensOneWay() {
        Call call = f.inbound();
        Leg browser = f.offer(call, f.alice());
        Leg phone = f.offer(call, f.alice());
        UUID agent = f.attach(browser.id());

        Call screening = f.calls.screen(browser.id());
        UUID caller = f.attach(CallFixture.callerLeg(call).id());

        assertThat(screening.voicemail().orElseThrow().screeningLegId()).contains(browser.id());
        assertThat(f.leg(phone.id()).endReason()).contains(EndReason.ANSWERED_ELSEWHERE);
        assertThat(f.media.clip(caller)).isPresent();
        assertThat(f.media.listensTo(agent)).contains(caller);
        assertThat(f.media.hears(caller)).isEmpty();
    }

    @Test
    void pickingUpKeepsWhatWasSaidAndBridgesTheAgent() {
        Call call = f.inbound();
        Leg browser = f.offer(call, f.alice());
        UUID agent = f.attach(browser.id());
        f.calls.screen(browser.id());
        UUID caller = f.attach(CallFixture.callerLeg(call).id());
        f.ringTimer.fireAll();
        UUID messageId = f.call(call.id()).voicemail().orElseThrow().recordingId();
        f.clock.advance(Duration.ofSeconds(5));

        Call picked = f.calls.pickUp(browser.id());

        assertThat(picked.voicemail()).isEmpty();
        assertThat(picked.answeredAt()).isPresent();
        assertThat(f.media.hears(agent)).containsExactly(caller);
        assertThat(f.media.listensTo(agent)).isEmpty();
        assertThat(f.media.capture(caller)).isEmpty();
        Recording message = f.recordings.find(messageId).orElseThrow();
        assertThat(message.status()).isEqualTo(RecordingStatus.RAW);
        assertThat(message.duration()).contains(Duration.ofSeconds(5));

        f.calls.legEnded(browser.id(), EndReason.CALLEE_HANGUP);
        CallLog log = f.store.find(call.id()).orElseThrow();
        assertThat(log.disposition()).isEqualTo(Disposition.ANSWERED);
        assertThat(log.recordingIds()).containsExactly(messageId);
    }

    @Test
    void theMessageGoesOnWhenTheScreeningAgentLeaves() {
        Call call = f.inbound();
        Leg browser = f.offer(call, f.alice());
        f.attach(browser.id());
        f.calls.screen(browser.id());

        Call after = f.calls.legEnded(browser.id(), EndReason.CALLEE_HANGUP);

        assertThat(after.state()).isEqualTo(CallState.ACTIVE);
        assertThat(after.voicemail().orElseThrow().screeningLegId()).isEmpty();
        assertThatThrownBy(() -> f.calls.pickUp(browser.id())).isInstanceOf(IllegalCallStateException.class);
    }

    @Test
    void onlyARingingCallCanBeScreened() {
        CallFixture.Bridge bridge = f.bridged();

        assertThatThrownBy(() -> f.calls.screen(bridge.agentLeg())).isInstanceOf(IllegalCallStateException.class);
    }

    private Call divertedToAlice() {
        Call call = f.inbound();
        f.calls.route(call.id(), new Route.ToAgent(alice));
        f.ringTimer.fireAll();
        return f.call(call.id());
    }

    private Group group(Optional<Duration> voicemailAfter) {
        return new Group(UUID.randomUUID(), "support", RingStrategy.RING_ALL, List.of(f.alice, f.bob),
                Duration.ofSeconds(15), false, voicemailAfter);
    }

    private static List<Leg> offered(Call call) {
        return call.legs().stream()
                .filter(l -> l.role() == LegRole.CALLEE && (l.state() == LegState.DIALING || l.state() == LegState.RINGING))
                .toList();
    }
}
