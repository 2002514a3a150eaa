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
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.RingStrategy;
import org.switchboard.api.number.Route;

/** Group hunting: who is rung, when the next member gets the call, and when the caller gives up. */
class HuntTest {
    private static final Duration RING = Duration.ofSeconds(15);

    private final CallFixture f = new CallFixture();
    private final Agent alice = agent(f.alice, "alice", "1001");
    private final Agent bob = agent(f.bob, "bob", "1002");
    private final Agent carol = agent(f.carol, "carol", "1003");

    @Test
    void ringAllRingsEveryMemberAtOnceAndEndsNoAnswerAfterTheGroupTimeout() {
        Call call = f.inbound();

        Call hunting = f.calls.hunt(call.id(), route(RingStrategy.RING_ALL, alice, bob, carol), LegKind.SIP);

        assertThat(offered(hunting)).extracting(l -> l.party().agentId().orElseThrow())
                .containsExactly(alice.id(), bob.id(), carol.id());
        assertThat(hunting.groupId()).isPresent();
        assertThat(f.sip.commands).filteredOn(c -> c.startsWith("dial")).hasSize(3);
        assertThat(f.ringTimer.lastDelay()).isEqualTo(RING);

        f.ringTimer.fireAll();

        Call ended = f.calls.find(call.id()).orElseThrow();
        assertThat(ended.state()).isEqualTo(CallState.ENDED);
        assertThat(ended.endReason()).contains(EndReason.NO_ANSWER);
        assertThat(f.sip.commands).contains("release " + CallFixture.callerLeg(call).id() + " NO_ANSWER");
    }

    @Test
    void roundRobinOffersOneMemberAtATimeAndMovesOnAfterTheRingTimeout() {
        Call call = f.inbound();

        Call hunting = f.calls.hunt(call.id(), route(RingStrategy.ROUND_ROBIN, bob, carol, alice), LegKind.SIP);
        Leg first = single(offered(hunting));
        assertThat(first.party().agentId()).contains(bob.id());
        assertThat(first.party().address()).isEqualTo("1002");

        f.ringTimer.fireAll();

        Call now = f.calls.find(call.id()).orElseThrow();
        assertThat(now.leg(first.id()).orElseThrow().endReason()).contains(EndReason.NO_ANSWER);
        assertThat(f.sip.commands).contains("release " + first.id() + " NO_ANSWER");
        Leg second = single(offered(now));
        assertThat(second.party().agentId()).contains(carol.id());
        assertThat(now.state()).isEqualTo(CallState.RINGING);
    }

    @Test
    void aBusyOrDecliningMemberPassesTheCallOnAtOnce() {
        Call call = f.inbound();
        Leg first = single(offered(f.calls.hunt(call.id(), route(RingStrategy.LONGEST_IDLE, alice, bob), LegKind.SIP)));

        Call now = f.calls.legEnded(first.id(), EndReason.BUSY);

        assertThat(single(offered(now)).party().agentId()).contains(bob.id());
        Leg second = single(offered(now));
        Call answered = f.calls.legAnswered(second.id());
        assertThat(answered.state()).isEqualTo(CallState.ACTIVE);
        assertThat(answered.agentId()).contains(bob.id());
    }

    @Test
    void anAgentWhoDeclinesFromThePanelPassesTheCallOnAndTheirPhoneStopsRinging() {
        Call call = f.inbound();
        Leg first = single(offered(f.calls.hunt(call.id(), route(RingStrategy.ROUND_ROBIN, alice, bob), LegKind.SIP)));

        Call now = f.calls.decline(first.id());

        assertThat(f.sip.commands).contains("release " + first.id() + " REJECTED");
        assertThat(now.leg(first.id()).orElseThrow().endReason()).contains(EndReason.REJECTED);
        assertThat(single(offered(now)).party().agentId()).contains(bob.id());
        Call ended = f.calls.decline(single(offered(now)).id());
        assertThat(ended.endReason()).contains(EndReason.REJECTED);
    }

    @Test
    void onlyARingingOfferCanBeDeclined() {
        CallFixture.Bridge bridge = f.bridged();

        assertThatThrownBy(() -> f.calls.decline(bridge.agentLeg())).isInstanceOf(IllegalCallStateException.class);
        assertThatThrownBy(() -> f.calls.decline(bridge.customerLeg())).isInstanceOf(IllegalCallStateException.class);
    }

    @Test
    void whenTheLastMemberDoesNotAnswerTheCallEndsNoAnswer() {
        Call call = f.inbound();
        f.calls.hunt(call.id(), route(RingStrategy.ROUND_ROBIN, alice, bob), LegKind.SIP);

        f.ringTimer.fireAll();
        f.ringTimer.fireAll();

        Call ended = f.calls.find(call.id()).orElseThrow();
        assertThat(ended.endReason()).contains(EndReason.NO_ANSWER);
        assertThat(ended.legs()).filteredOn(l -> l.role() == LegRole.CALLEE).hasSize(2)
                .allMatch(l -> l.endReason().equals(Optional.of(EndReason.NO_ANSWER)));
        assertThat(f.ringTimer.fireAll()).isZero();
    }

    @Test
    void aTimeoutThatRacesWithTheAnswerChangesNothing() {
        Call call = f.inbound();
        Leg first = single(offered(f.calls.hunt(call.id(), route(RingStrategy.ROUND_ROBIN, alice, bob), LegKind.SIP)));
        f.calls.legAnswered(first.id());

        f.ringTimer.fireIncludingCancelled();

        Call after = f.calls.find(call.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(CallState.ACTIVE);
        assertThat(after.legs()).hasSize(2);
        assertThat(after.leg(first.id()).orElseThrow().state()).isEqualTo(LegState.ANSWERED);
    }

    @Test
    void theCallerHangingUpStopsTheHunt() {
        Call call = f.inbound();
        f.calls.hunt(call.id(), route(RingStrategy.ROUND_ROBIN, alice, bob), LegKind.SIP);

        f.calls.legEnded(CallFixture.callerLeg(call).id(), EndReason.CANCELLED);
        f.ringTimer.fireIncludingCancelled();

        Call ended = f.calls.find(call.id()).orElseThrow();
        assertThat(ended.endReason()).contains(EndReason.CANCELLED);
        assertThat(ended.legs()).filteredOn(l -> l.role() == LegRole.CALLEE).hasSize(1);
    }

    @Test
    void aGroupWithNobodyAvailableEndsTheCallNoAnswer() {
        Call call = f.inbound();

        Call ended = f.calls.hunt(call.id(), route(RingStrategy.RING_ALL), LegKind.SIP);

        assertThat(ended.endReason()).contains(EndReason.NO_ANSWER);
        assertThat(f.ringTimer.pending()).isZero();
    }

    @Test
    void anAnsweredCallCannotHuntAgain() {
        CallFixture.Bridge bridge = f.bridged();

        assertThatThrownBy(() -> f.calls.hunt(bridge.callId(), route(RingStrategy.RING_ALL, bob), LegKind.SIP))
                .isInstanceOf(IllegalCallStateException.class);
    }

    @Test
    void offerHasTheDriverRingTheParty() {
        Call call = f.inbound();

        Leg leg = f.calls.offer(call.id(), LegKind.SIP, f.bob());

        assertThat(f.sip.commands).contains("dial " + leg.id());
        assertThat(leg.state()).isEqualTo(LegState.DIALING);
    }

    private Route.ToGroup route(RingStrategy strategy, Agent... members) {
        List<Agent> order = List.of(members);
        Group group = new Group(UUID.randomUUID(), "support", strategy, order.stream().map(Agent::id).toList(), RING,
                false, Optional.empty());
        return new Route.ToGroup(group, order);
    }

    private static List<Leg> offered(Call call) {
        return call.legs().stream()
                .filter(l -> l.role() == LegRole.CALLEE && (l.state() == LegState.DIALING || l.state() == LegState.RINGING))
                .toList();
    }

    private static Leg single(List<Leg> legs) {
        assertThat(legs).hasSize(1);
        return legs.get(0);
    }

    private static Agent agent(UUID id, String name, String extension) {
        return new Agent(id, name, name, extension, Optional.empty(), Role.AGENT, true);
    }
}
