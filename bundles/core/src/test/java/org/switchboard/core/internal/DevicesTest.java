package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.Role;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegState;
import org.switchboard.api.event.Topics;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.RingStrategy;
import org.switchboard.api.number.Route;

/**
 * An agent's devices: a call for the agent rings on each device a driver reaches (their SIP phones
 * and their browser's phone line), the first to answer takes it, and a live call moves between
 * devices with the far end noticing nothing.
 */
class DevicesTest {
    private CallFixture f = new CallFixture();
    private final Agent alice = new Agent(f.alice, "alice", "Alice", "1001", Optional.empty(), Role.AGENT, true);
    private final Agent bob = new Agent(f.bob, "bob", "Bob", "1002", Optional.empty(), Role.AGENT, true);

    @Test
    void aCallForAnAgentRingsOnEveryDeviceAndTheFirstAnswerReleasesTheOthers() {
        f.webrtc.reachable.add(alice.id());
        Call call = f.inbound();

        Call routed = f.calls.route(call.id(), new Route.ToAgent(alice));

        List<Leg> offered = offeredTo(routed, alice.id());
        assertThat(offered).extracting(Leg::kind).containsExactly(LegKind.SIP, LegKind.WEBRTC);
        Leg browser = offered.get(1);
        assertThat(f.webrtc.commands).containsExactly("dial " + browser.id());

        f.attach(browser.id());
        Call answered = f.calls.legAnswered(browser.id());

        assertThat(answered.state()).isEqualTo(CallState.ACTIVE);
        assertThat(answered.leg(offered.get(0).id()).orElseThrow().endReason()).contains(EndReason.ANSWERED_ELSEWHERE);
        assertThat(f.sip.commands).contains("release " + offered.get(0).id() + " ANSWERED_ELSEWHERE");
    }

    @Test
    void theCallerIsToldTheCallRingsWhicheverDeviceRingsFirst() {
        f.webrtc.reachable.add(alice.id());
        Call routed = f.calls.route(f.inbound().id(), new Route.ToAgent(alice));
        List<Leg> offered = offeredTo(routed, alice.id());

        f.calls.legRinging(offered.get(1).id()); // the browser rings; the SIP phone has not yet

        UUID caller = CallFixture.callerLeg(routed).id();
        assertThat(f.sip.commands).containsOnlyOnce("alerting " + caller);
        f.calls.legRinging(offered.get(0).id());
        assertThat(f.sip.commands).as("told once, not for every device that rings").containsOnlyOnce("alerting " + caller);
    }

    @Test
    void anAgentWithoutAPhoneLineIsRungOnTheKindAskedForOnly() {
        Call routed = f.calls.route(f.inbound().id(), new Route.ToAgent(alice));

        assertThat(offeredTo(routed, alice.id())).extracting(Leg::kind).containsExactly(LegKind.SIP);
        assertThat(f.webrtc.commands).isEmpty();
    }

    @Test
    void aPhoneThatCannotRingLeavesTheBrowserRinging() {
        f.webrtc.reachable.add(alice.id());
        Call routed = f.calls.route(f.inbound().id(), new Route.ToAgent(alice));
        Leg phone = offeredTo(routed, alice.id()).get(0);

        Call after = f.calls.legEnded(phone.id(), EndReason.NO_ANSWER); // no SIP phone registered

        assertThat(after.state()).isEqualTo(CallState.RINGING);
        assertThat(offeredTo(after, alice.id())).extracting(Leg::kind).containsExactly(LegKind.WEBRTC);
    }

    @Test
    void aCallRoutedToOneAgentEndsUnansweredAfterTheRingTimeout() {
        f = new CallFixture(new VoicemailSettings(false, Duration.ofSeconds(20), Duration.ofSeconds(10),
                Duration.ofSeconds(180)));
        f.webrtc.reachable.add(alice.id());
        Call routed = f.calls.route(f.inbound().id(), new Route.ToAgent(alice));
        assertThat(f.ringTimer.lastDelay()).isEqualTo(CallStateMachine.RING_TIMEOUT);

        f.ringTimer.fireAll();

        Call ended = f.calls.find(routed.id()).orElseThrow();
        assertThat(ended.endReason()).contains(EndReason.NO_ANSWER);
        assertThat(offeredTo(ended, alice.id())).isEmpty();
    }

    @Test
    void answeringOrHangingUpCancelsTheRingTimeout() {
        Call answered = f.calls.route(f.inbound().id(), new Route.ToAgent(alice));
        Call hungUp = f.calls.route(f.inbound().id(), new Route.ToAgent(bob));
        assertThat(f.ringTimer.pending()).isEqualTo(2);

        Leg phone = offeredTo(answered, alice.id()).get(0);
        f.attach(phone.id());
        f.calls.legAnswered(phone.id());
        assertThat(f.ringTimer.pending()).isEqualTo(1);

        f.calls.legEnded(CallFixture.callerLeg(hungUp).id(), EndReason.CANCELLED);
        assertThat(f.ringTimer.pending()).isZero();
        assertThat(f.calls.find(answered.id()).orElseThrow().state()).isEqualTo(CallState.ACTIVE);
    }

    @Test
    void aRoundRobinMemberWhoDoesNotAnswerOnAnyDeviceHandsTheCallOn() {
        f.webrtc.reachable.add(alice.id());
        Group support = new Group(UUID.randomUUID(), "support", RingStrategy.ROUND_ROBIN, List.of(alice.id(), bob.id()),
                Duration.ofSeconds(15), false, Optional.empty());
        Call hunting = f.calls.route(f.inbound().id(), new Route.ToGroup(support, List.of(alice, bob)));
        assertThat(offeredTo(hunting, alice.id())).hasSize(2);

        f.ringTimer.fireAll();

        Call now = f.calls.find(hunting.id()).orElseThrow();
        assertThat(offeredTo(now, alice.id())).isEmpty();
        assertThat(offeredTo(now, bob.id())).extracting(Leg::kind).containsExactly(LegKind.SIP);
    }

    @Test
    void switchingToTheBrowserMovesTheAgentsSideAndTheCustomerNeverLeavesTheBridge() {
        CallFixture.Bridge b = f.bridged(); // alice answered on a WEBRTC leg in the fixture; move her to SIP and back
        UUID customerSide = f.endpoint(b.customerLeg());
        f.calls.mute(b.agentLeg(), true);

        Leg phone = f.calls.switchDevice(b.agentLeg(), LegKind.SIP, f.alice());
        assertThat(f.sip.commands).contains("dial " + phone.id());
        assertThat(f.calls.find(b.callId()).orElseThrow().state()).as("the call goes on meanwhile")
                .isEqualTo(CallState.ACTIVE);
        assertThat(f.media.hears(customerSide)).containsExactly(f.endpoint(b.agentLeg()));

        UUID phoneSide = f.attach(phone.id());
        Call switched = f.calls.legAnswered(phone.id());

        assertThat(switched.state()).isEqualTo(CallState.ACTIVE);
        assertThat(switched.leg(b.agentLeg()).orElseThrow().endReason()).contains(EndReason.SWITCHED);
        assertThat(switched.leg(phone.id()).orElseThrow().muted()).as("mute follows the agent").isTrue();
        assertThat(f.webrtc.commands).contains("release " + b.agentLeg() + " SWITCHED");
        assertThat(f.media.hears(customerSide)).containsExactly(phoneSide);
        assertThat(f.lastEvent(Topics.CALL_SWITCHED).getProperty("legId")).isEqualTo(phone.id().toString());
        assertThat(f.store.logs).as("no call log: the call goes on").doesNotContainKey(b.callId());
    }

    @Test
    void aSwitchWhoseDeviceDoesNotAnswerLeavesTheCallOnTheOldDevice() {
        CallFixture.Bridge b = f.bridged();
        Leg phone = f.calls.switchDevice(b.agentLeg(), LegKind.SIP, f.alice());

        Call after = f.calls.legEnded(phone.id(), EndReason.NO_ANSWER);

        assertThat(after.state()).isEqualTo(CallState.ACTIVE);
        assertThat(after.leg(b.agentLeg()).orElseThrow().state()).isEqualTo(LegState.ANSWERED);
        assertThat(f.media.hears(f.endpoint(b.customerLeg()))).containsExactly(f.endpoint(b.agentLeg()));
    }

    private static List<Leg> offeredTo(Call call, UUID agentId) {
        return call.legs().stream().filter(l -> l.party().agentId().equals(Optional.of(agentId)))
                .filter(l -> l.state() == LegState.DIALING || l.state() == LegState.RINGING).toList();
    }
}
