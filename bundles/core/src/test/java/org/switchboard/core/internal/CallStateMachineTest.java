package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallNotFoundException;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegState;
import org.switchboard.api.call.Party;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;

class CallStateMachineTest {
    private final CallFixture f = new CallFixture();

    @Test
    void firstAnswerBridgesCallerAndReleasesOtherRingAllLegs() {
        Call call = f.inbound();
        Leg caller = CallFixture.callerLeg(call);
        Leg aliceLeg = f.offer(call, f.alice());
        Leg bobLeg = f.offer(call, f.bob());
        f.calls.legRinging(aliceLeg.id());
        f.calls.legRinging(bobLeg.id());
        f.clock.advance(Duration.ofSeconds(4));

        Call answered = f.calls.legAnswered(aliceLeg.id());

        assertThat(answered.state()).isEqualTo(CallState.ACTIVE);
        assertThat(answered.answeredAt()).contains(f.clock.instant());
        assertThat(answered.leg(caller.id()).orElseThrow().state()).isEqualTo(LegState.ANSWERED);
        assertThat(answered.leg(aliceLeg.id()).orElseThrow().state()).isEqualTo(LegState.ANSWERED);
        Leg bobAfter = answered.leg(bobLeg.id()).orElseThrow();
        assertThat(bobAfter.state()).isEqualTo(LegState.ENDED);
        assertThat(bobAfter.endReason()).contains(EndReason.ANSWERED_ELSEWHERE);
        // the caller heard it ring (180) when the first leg rang, then is connected (200)
        assertThat(f.sip.commands).containsExactly("alerting " + caller.id(), "connect " + caller.id());
        assertThat(f.webrtc.commands).containsExactly("release " + bobLeg.id() + " ANSWERED_ELSEWHERE");
        Event event = f.lastEvent(Topics.CALL_ANSWERED);
        assertThat(event.getProperty(EventProperties.LEG_ID)).isEqualTo(aliceLeg.id().toString());
        assertThat(event.getProperty(EventProperties.STATE)).isEqualTo("ACTIVE");
        assertThat(event.getProperty(EventProperties.AGENT_IDS)).isEqualTo(f.alice.toString());
    }

    @Test
    void callerLeavingBeforeAnswerCancelsCallAndReleasesOffers() {
        Call call = f.inbound();
        Leg aliceLeg = f.offer(call, f.alice());
        Leg bobLeg = f.offer(call, f.bob());

        Call ended = f.calls.legEnded(CallFixture.callerLeg(call).id(), EndReason.CALLER_HANGUP);

        assertThat(ended.state()).isEqualTo(CallState.ENDED);
        assertThat(ended.endReason()).contains(EndReason.CANCELLED);
        assertThat(f.webrtc.commands).containsExactlyInAnyOrder(
                "release " + aliceLeg.id() + " CANCELLED", "release " + bobLeg.id() + " CANCELLED");
        assertThat(f.sip.commands).isEmpty(); // the caller already left
        assertThat(f.lastEvent(Topics.CALL_ENDED).getProperty(EventProperties.REASON)).isEqualTo("CANCELLED");
    }

    @Test
    void callEndsBusyWhenEveryOfferedLegIsBusy() {
        Call call = f.inbound();
        Leg caller = CallFixture.callerLeg(call);
        Leg aliceLeg = f.offer(call, f.alice());
        Leg bobLeg = f.offer(call, f.bob());

        Call afterFirst = f.calls.legEnded(aliceLeg.id(), EndReason.BUSY);
        assertThat(afterFirst.state()).isEqualTo(CallState.RINGING);
        assertThat(f.lastEvent(Topics.CALL_RINGING).getProperty(EventProperties.REASON)).isEqualTo("BUSY");

        Call ended = f.calls.legEnded(bobLeg.id(), EndReason.BUSY);

        assertThat(ended.state()).isEqualTo(CallState.ENDED);
        assertThat(ended.endReason()).contains(EndReason.BUSY);
        assertThat(f.sip.commands).containsExactly("release " + caller.id() + " BUSY");
    }

    @Test
    void callEndsWithTheLastFailureReason() {
        Call call = f.inbound();
        Leg aliceLeg = f.offer(call, f.alice());
        Leg bobLeg = f.offer(call, f.bob());

        f.calls.legEnded(aliceLeg.id(), EndReason.REJECTED);
        Call ended = f.calls.legEnded(bobLeg.id(), EndReason.NO_ANSWER);

        assertThat(ended.endReason()).contains(EndReason.NO_ANSWER);
    }

    @Test
    void callerHangupAfterAnswerEndsCallAndReleasesAgent() {
        CallFixture.Bridge b = f.bridged();

        Call ended = f.calls.legEnded(b.customerLeg(), EndReason.CALLER_HANGUP);

        assertThat(ended.endReason()).contains(EndReason.CALLER_HANGUP);
        assertThat(f.webrtc.commands).containsExactly("release " + b.agentLeg() + " CALLER_HANGUP");
        assertThat(f.calls.active()).isEmpty();
    }

    @Test
    void agentHangupAfterAnswerEndsCallAsCalleeHangup() {
        CallFixture.Bridge b = f.bridged();

        Call ended = f.calls.legEnded(b.agentLeg(), EndReason.CALLER_HANGUP);

        assertThat(ended.endReason()).contains(EndReason.CALLEE_HANGUP);
        assertThat(f.sip.commands).endsWith("release " + b.customerLeg() + " CALLEE_HANGUP");
    }

    @Test
    void mediaFailureAfterAnswerKeepsFailedAsReason() {
        CallFixture.Bridge b = f.bridged();

        Call ended = f.calls.legEnded(b.agentLeg(), EndReason.FAILED);

        assertThat(ended.endReason()).contains(EndReason.FAILED);
    }

    @Test
    void hangupEndsCallAndReleasesEveryLiveLeg() {
        Call call = f.inbound();
        Leg aliceLeg = f.offer(call, f.alice());

        Call ended = f.calls.hangup(call.id(), EndReason.SHUTDOWN);

        assertThat(ended.liveLegs()).isEmpty();
        assertThat(f.sip.commands).containsExactly("release " + CallFixture.callerLeg(call).id() + " SHUTDOWN");
        assertThat(f.webrtc.commands).containsExactly("release " + aliceLeg.id() + " SHUTDOWN");
    }

    @Test
    void holdAndResumeTellTheDriverAndPublishEvents() {
        CallFixture.Bridge b = f.bridged();

        Call held = f.calls.hold(b.customerLeg());

        assertThat(held.state()).isEqualTo(CallState.HELD);
        assertThat(held.leg(b.customerLeg()).orElseThrow().held()).isTrue();
        assertThat(f.sip.commands).endsWith("hold " + b.customerLeg());
        Event heldEvent = f.lastEvent(Topics.CALL_HELD);
        assertThat(heldEvent.getProperty(EventProperties.LEG_ID)).isEqualTo(b.customerLeg().toString());
        assertThat(heldEvent.getProperty(EventProperties.HELD)).isEqualTo(true);
        assertThat(heldEvent.getProperty(EventProperties.STATE)).isEqualTo("HELD");

        Call resumed = f.calls.resume(b.customerLeg());

        assertThat(resumed.state()).isEqualTo(CallState.ACTIVE);
        assertThat(resumed.leg(b.customerLeg()).orElseThrow().held()).isFalse();
        assertThat(f.sip.commands).endsWith("resume " + b.customerLeg());
        assertThat(f.lastEvent(Topics.CALL_RESUMED).getProperty(EventProperties.HELD)).isEqualTo(false);
    }

    @Test
    void callStaysHeldWhileAnyLegIsHeld() {
        CallFixture.Bridge b = f.bridged();
        f.calls.hold(b.customerLeg());
        f.calls.hold(b.agentLeg());

        assertThat(f.calls.resume(b.customerLeg()).state()).isEqualTo(CallState.HELD);
        assertThat(f.calls.resume(b.agentLeg()).state()).isEqualTo(CallState.ACTIVE);
    }

    @Test
    void holdingBeforeAnswerOrTwiceIsIllegal() {
        Call call = f.inbound();
        Leg aliceLeg = f.offer(call, f.alice());
        assertThatThrownBy(() -> f.calls.hold(aliceLeg.id())).isInstanceOf(IllegalCallStateException.class);

        f.calls.legAnswered(aliceLeg.id());
        f.calls.hold(aliceLeg.id());
        assertThatThrownBy(() -> f.calls.hold(aliceLeg.id())).isInstanceOf(IllegalCallStateException.class);
        f.calls.resume(aliceLeg.id());
        assertThatThrownBy(() -> f.calls.resume(aliceLeg.id())).isInstanceOf(IllegalCallStateException.class);
    }

    @Test
    void dtmfFromTheAgentIsPlayedToTheOtherParty() {
        CallFixture.Bridge b = f.bridged();

        f.calls.sendDtmf(b.agentLeg(), "12#a");

        assertThat(f.media.dtmf).containsExactly(f.endpoint(b.customerLeg()) + " 12#A");
    }

    @Test
    void dtmfNeedsRealDigitsAndAConnectedCall() {
        CallFixture.Bridge b = f.bridged();
        assertThatThrownBy(() -> f.calls.sendDtmf(b.agentLeg(), "12x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0-9");
        assertThatThrownBy(() -> f.calls.sendDtmf(b.agentLeg(), "")).isInstanceOf(IllegalArgumentException.class);

        Call ringing = f.inbound();
        assertThatThrownBy(() -> f.calls.sendDtmf(CallFixture.callerLeg(ringing).id(), "1"))
                .isInstanceOf(IllegalCallStateException.class);
    }

    @Test
    void muteFlagsTheLegPublishesAndSilencesItsEndpoint() {
        CallFixture.Bridge b = f.bridged();

        Call muted = f.calls.mute(b.agentLeg(), true);

        assertThat(muted.leg(b.agentLeg()).orElseThrow().muted()).isTrue();
        assertThat(f.lastEvent(Topics.CALL_MUTED).getProperty(EventProperties.MUTED)).isEqualTo(true);
        assertThat(f.media.muted(f.endpoint(b.agentLeg()))).isTrue();
        assertThat(f.calls.mute(b.agentLeg(), false).leg(b.agentLeg()).orElseThrow().muted()).isFalse();
        assertThat(f.lastEvent(Topics.CALL_MUTED).getProperty(EventProperties.MUTED)).isEqualTo(false);
        assertThat(f.media.muted(f.endpoint(b.agentLeg()))).isFalse();
    }

    @Test
    void mutingARingingLegIsIllegal() {
        Call call = f.inbound();
        Leg aliceLeg = f.offer(call, f.alice());

        assertThatThrownBy(() -> f.calls.mute(aliceLeg.id(), true)).isInstanceOf(IllegalCallStateException.class);
    }

    @Test
    void blindTransferOffersTargetWhileCallerWaitsThenRebridges() {
        CallFixture.Bridge b = f.bridged();
        Call before = f.call(b.callId());

        Leg bobLeg = f.calls.blindTransfer(b.agentLeg(), LegKind.WEBRTC, f.bob());

        assertThat(bobLeg.state()).isEqualTo(LegState.DIALING);
        assertThat(bobLeg.party().agentId()).contains(f.bob);
        Call transferring = f.call(b.callId());
        assertThat(transferring.state()).isEqualTo(CallState.TRANSFERRING);
        assertThat(transferring.leg(b.agentLeg()).orElseThrow().endReason()).contains(EndReason.TRANSFERRED);
        assertThat(f.webrtc.commands).endsWith("release " + b.agentLeg() + " TRANSFERRED", "dial " + bobLeg.id());
        Event transferEvent = f.lastEvent(Topics.CALL_TRANSFERRING);
        assertThat(transferEvent.getProperty(EventProperties.LEG_ID)).isEqualTo(bobLeg.id().toString());
        assertThat(transferEvent.getProperty(EventProperties.AGENT_IDS)).isEqualTo(f.bob.toString());
        assertThat(transferEvent.getProperty(EventProperties.AGENT_ID)).as("the transferor hears of it")
                .isEqualTo(f.alice.toString());

        f.clock.advance(Duration.ofSeconds(7));
        Call active = f.calls.legAnswered(bobLeg.id());

        assertThat(active.state()).isEqualTo(CallState.ACTIVE);
        assertThat(active.answeredAt()).isEqualTo(before.answeredAt());
        assertThat(active.liveLegs()).extracting(Leg::id).containsExactlyInAnyOrder(b.customerLeg(), bobLeg.id());
        assertThat(f.events.topics()).endsWith(Topics.CALL_ANSWERED, Topics.CALL_TRANSFERRED);
    }

    @Test
    void blindTransferTakesAHeldCustomerOffHoldWhenTheTargetAnswers() {
        CallFixture.Bridge b = f.bridged();
        f.calls.hold(b.customerLeg());
        Leg bobLeg = f.calls.blindTransfer(b.agentLeg(), LegKind.WEBRTC, f.bob());

        Call active = f.calls.legAnswered(bobLeg.id());

        assertThat(active.leg(b.customerLeg()).orElseThrow().held()).isFalse();
        assertThat(f.sip.commands).endsWith("resume " + b.customerLeg());
    }

    @Test
    void failedBlindTransferEndsTheCall() {
        CallFixture.Bridge b = f.bridged();
        Leg bobLeg = f.calls.blindTransfer(b.agentLeg(), LegKind.WEBRTC, f.bob());

        Call ended = f.calls.legEnded(bobLeg.id(), EndReason.BUSY);

        assertThat(ended.state()).isEqualTo(CallState.ENDED);
        assertThat(ended.endReason()).contains(EndReason.BUSY);
        assertThat(f.sip.commands).endsWith("release " + b.customerLeg() + " BUSY");
    }

    @Test
    void customerLeavingDuringBlindTransferCancelsTheTarget() {
        CallFixture.Bridge b = f.bridged();
        Leg bobLeg = f.calls.blindTransfer(b.agentLeg(), LegKind.WEBRTC, f.bob());

        Call ended = f.calls.legEnded(b.customerLeg(), EndReason.CALLER_HANGUP);

        assertThat(ended.endReason()).contains(EndReason.CALLER_HANGUP);
        assertThat(f.webrtc.commands).endsWith("release " + bobLeg.id() + " CALLER_HANGUP");
    }

    @Test
    void blindTransferBeforeAnswerIsIllegal() {
        Call call = f.inbound();
        Leg aliceLeg = f.offer(call, f.alice());

        assertThatThrownBy(() -> f.calls.blindTransfer(aliceLeg.id(), LegKind.WEBRTC, f.bob()))
                .isInstanceOf(IllegalCallStateException.class);
        assertThat(f.call(call.id()).state()).isEqualTo(CallState.RINGING);
    }

    @Test
    void unknownIdsThrowCallNotFound() {
        UUID unknown = UUID.randomUUID();

        assertThatThrownBy(() -> f.calls.legAnswered(unknown)).isInstanceOf(CallNotFoundException.class);
        assertThatThrownBy(() -> f.calls.hangup(unknown, EndReason.CALLER_HANGUP)).isInstanceOf(CallNotFoundException.class);
        assertThatThrownBy(() -> f.calls.addLeg(unknown, LegKind.SIP, f.bob())).isInstanceOf(CallNotFoundException.class);
        assertThatThrownBy(() -> f.calls.completeTransfer(unknown)).isInstanceOf(CallNotFoundException.class);
        assertThat(f.calls.find(unknown)).isEmpty();
    }

    @Test
    void operationsThatDoNotFitTheStateAreIllegal() {
        Call call = f.inbound();
        Leg caller = CallFixture.callerLeg(call);
        Leg aliceLeg = f.offer(call, f.alice());
        Leg bobLeg = f.offer(call, f.bob());
        assertThatThrownBy(() -> f.calls.legAnswered(caller.id())).isInstanceOf(IllegalCallStateException.class);
        assertThatThrownBy(() -> f.calls.legRinging(caller.id())).isInstanceOf(IllegalCallStateException.class);

        f.calls.legAnswered(aliceLeg.id());
        assertThatThrownBy(() -> f.calls.legAnswered(bobLeg.id())).isInstanceOf(IllegalCallStateException.class);
        assertThatThrownBy(() -> f.calls.addLeg(call.id(), LegKind.SIP, f.carol()))
                .isInstanceOf(IllegalCallStateException.class);

        f.calls.hangup(call.id(), EndReason.CALLER_HANGUP);
        assertThatThrownBy(() -> f.calls.hangup(call.id(), EndReason.CALLER_HANGUP))
                .isInstanceOf(IllegalCallStateException.class);
        assertThatThrownBy(() -> f.calls.assignGroup(call.id(), UUID.randomUUID()))
                .isInstanceOf(IllegalCallStateException.class);
    }

    @Test
    void lateEndReportForAReleasedLegChangesNothing() {
        Call call = f.inbound();
        Leg aliceLeg = f.offer(call, f.alice());
        Leg bobLeg = f.offer(call, f.bob());
        f.calls.legAnswered(aliceLeg.id());
        int eventsBefore = f.events.events.size();

        Call after = f.calls.legEnded(bobLeg.id(), EndReason.CANCELLED);

        assertThat(after.state()).isEqualTo(CallState.ACTIVE);
        assertThat(after.leg(bobLeg.id()).orElseThrow().endReason()).contains(EndReason.ANSWERED_ELSEWHERE);
        assertThat(f.events.events).hasSize(eventsBefore);
    }

    @Test
    void endedCallsLeaveActiveButStayFindable() {
        CallFixture.Bridge b = f.bridged();
        Call other = f.inbound();
        assertThat(f.calls.active()).extracting(Call::id).containsExactly(b.callId(), other.id());

        f.calls.hangup(b.callId(), EndReason.CALLER_HANGUP);

        assertThat(f.calls.active()).extracting(Call::id).containsExactly(other.id());
        assertThat(f.calls.find(b.callId()).orElseThrow().state()).isEqualTo(CallState.ENDED);
        assertThat(f.calls.findByLeg(b.agentLeg()).orElseThrow().id()).isEqualTo(b.callId());
    }

    @Test
    void oldestEndedCallsAreForgottenBeyondTheLimit() {
        Call first = f.inbound();
        f.calls.hangup(first.id(), EndReason.CANCELLED);
        for (int i = 0; i < CallRegistry.KEEP_ENDED; i++) {
            f.calls.hangup(f.inbound().id(), EndReason.CANCELLED);
        }

        assertThat(f.calls.find(first.id())).isEmpty();
        assertThat(f.calls.findByLeg(CallFixture.callerLeg(first).id())).isEmpty();
    }

    @Test
    void endedCallsAreForgottenAfterTenMinutes() {
        Call first = f.inbound();
        f.calls.hangup(first.id(), EndReason.CANCELLED);
        f.clock.advance(CallRegistry.KEEP_FOR.plusSeconds(1));

        f.calls.hangup(f.inbound().id(), EndReason.CANCELLED);

        assertThat(f.calls.find(first.id())).isEmpty();
    }

    @Test
    void eventsCarryTheCallsPropertiesAsPlainValues() {
        f.clock.advance(Duration.ofMillis(1234));

        Call call = f.inbound();

        Event ringing = f.lastEvent(Topics.CALL_RINGING);
        assertThat(ringing.getProperty(EventProperties.CALL_ID)).isEqualTo(call.id().toString());
        assertThat(ringing.getProperty(EventProperties.LEG_ID)).isEqualTo(CallFixture.callerLeg(call).id().toString());
        assertThat(ringing.getProperty(EventProperties.STATE)).isEqualTo("RINGING");
        assertThat(ringing.getProperty(EventProperties.DIRECTION)).isEqualTo("INBOUND");
        assertThat(ringing.getProperty(EventProperties.FROM)).isEqualTo("+15551230001");
        assertThat(ringing.getProperty(EventProperties.TO)).isEqualTo("+15550100");
        assertThat(ringing.getProperty(EventProperties.AGENT_IDS)).isEqualTo("");
        assertThat(ringing.getProperty(EventProperties.TIMESTAMP)).isEqualTo(f.clock.millis());

        f.offer(call, f.alice());
        f.offer(call, f.bob());
        assertThat(f.lastEvent(Topics.CALL_RINGING).getProperty(EventProperties.AGENT_IDS))
                .isEqualTo(f.alice + "," + f.bob);
        f.calls.hangup(call.id(), EndReason.CANCELLED);
        assertThat(f.lastEvent(Topics.CALL_ENDED).getProperty(EventProperties.AGENT_IDS))
                .isEqualTo(f.alice + "," + f.bob);

        for (Event e : f.events.events) {
            for (String name : e.getPropertyNames()) {
                assertThat(e.getProperty(name)).isInstanceOfAny(String.class, Number.class, Boolean.class);
            }
        }
    }

    @Test
    void everyChangePublishesItsTopicInOrder() {
        CallFixture.Bridge b = f.bridged();
        f.calls.hold(b.customerLeg());
        f.calls.resume(b.customerLeg());
        f.calls.mute(b.agentLeg(), true);
        f.calls.hangup(b.callId(), EndReason.CALLER_HANGUP);

        assertThat(f.events.topics()).containsExactly(
                Topics.CALL_RINGING, Topics.CALL_RINGING, Topics.CALL_ANSWERED, Topics.CALL_HELD,
                Topics.CALL_RESUMED, Topics.CALL_MUTED, Topics.CALL_ENDED);
    }

    @Test
    void stateMachineWorksWithoutDriversOrEventAdmin() {
        CallStateMachine bare = new CallStateMachine(new CallLogRecorder(Runnable::run), f.clock, new ManualRingTimer(),
                new CallerMatcher(new CrmConnectorRegistry(), Runnable::run));
        Call call = bare.open(CallDirection.OUTBOUND, LegKind.WEBRTC, f.alice(), "+442079460958", Optional.empty());
        Leg trunk = bare.addLeg(call.id(), LegKind.SIP, Party.external(CallFixture.CUSTOMER));

        bare.legRinging(trunk.id());
        bare.legAnswered(trunk.id());
        Call ended = bare.legEnded(trunk.id(), EndReason.CALLEE_HANGUP);

        assertThat(ended.state()).isEqualTo(CallState.ENDED);
        assertThat(ended.endReason()).contains(EndReason.CALLEE_HANGUP);
    }

    @Test
    void aDriverThatDepartedIsNoLongerCalled() {
        f.calls.removeLegDriver(f.webrtc);
        Call call = f.inbound();
        f.offer(call, f.alice());

        f.calls.hangup(call.id(), EndReason.CANCELLED);

        assertThat(f.webrtc.commands).isEmpty();
        assertThat(f.sip.commands).hasSize(1);
    }

    @Test
    void aFailingDriverDoesNotBreakTheStateMachine() {
        f.calls.removeLegDriver(f.webrtc);
        f.calls.addLegDriver(new RecordingLegDriver(LegKind.WEBRTC) {
            @Override
            public void release(Call call, Leg leg, EndReason reason) {
                throw new IllegalStateException("browser gone");
            }
        }, Map.of(LegDriver.KIND_PROPERTY, "WEBRTC"));
        CallFixture.Bridge b = f.bridged();

        Call ended = f.calls.legEnded(b.customerLeg(), EndReason.CALLER_HANGUP);

        assertThat(ended.state()).isEqualTo(CallState.ENDED);
        assertThat(f.store.logs).containsKey(b.callId());
    }

    @Test
    void groupAssignmentIsKeptOnTheCall() {
        Call call = f.inbound();
        UUID support = UUID.randomUUID();

        assertThat(f.calls.assignGroup(call.id(), support).groupId()).contains(support);
    }

    @Test
    void drainingRefusesNewCallsButLetsActiveOnesFinish() {
        Call active = f.inbound();
        Leg aliceLeg = f.offer(active, f.alice());
        f.calls.legAnswered(aliceLeg.id());

        f.calls.setDraining(true);

        assertThat(f.calls.isDraining()).isTrue();
        assertThatThrownBy(f::inbound).isInstanceOf(IllegalCallStateException.class).hasMessageContaining("draining");
        assertThat(f.calls.hold(CallFixture.callerLeg(active).id()).state()).isEqualTo(CallState.HELD);
        assertThat(f.calls.hangup(active.id(), EndReason.CALLEE_HANGUP).state()).isEqualTo(CallState.ENDED);

        f.calls.setDraining(false);
        assertThat(f.inbound().state()).isEqualTo(CallState.RINGING);
    }
}
