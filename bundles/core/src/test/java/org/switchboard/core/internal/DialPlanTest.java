package org.switchboard.core.internal;

import org.switchboard.testing.Configs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberTarget;
import org.switchboard.api.number.RingStrategy;
import org.switchboard.api.number.Route;

class DialPlanTest {
    private static final E164 MAIN = E164.of("+15550100");

    private final InMemoryAgentRepository agents = new InMemoryAgentRepository();
    private final InMemoryNumberRepository numbers = new InMemoryNumberRepository();
    private final StubAgentService presence = new StubAgentService();
    private final Agent alice = agents.add("alice", "1001", Optional.of(E164.of("+15550101")));
    private final Agent bob = agents.add("bob", "1002", Optional.of(E164.of("+15550102")));
    private final Agent carol = agents.add("carol", "1003", Optional.empty());
    private final DialPlan plan = new DialPlan(agents, numbers, presence, Configs.config(DialPlan.Config.class));

    @ParameterizedTest
    @ValueSource(strings = {"1001", " 1001 ", "10-01", "(1001)"})
    void extensionRoutesToItsAgent(String dialed) {
        assertThat(plan.route(dialed)).isEqualTo(new Route.ToAgent(alice));
    }

    @Test
    void ownedDidRoutesToItsAgent() {
        numbers.assign(new NumberAssignment(E164.of("+15550199"), new NumberTarget.ToAgent(bob.id()), "Bob's second line"));

        assertThat(plan.route("+1 555-0199")).isEqualTo(new Route.ToAgent(bob));
    }

    @Test
    void agentDidRoutesToTheAgentEvenWithoutAnAssignment() {
        assertThat(plan.route("+15550101")).isEqualTo(new Route.ToAgent(alice));
    }

    @Test
    void disabledAgentIsUnroutable() {
        agents.disable(alice.id());

        assertThat(plan.route("1001")).isInstanceOf(Route.Unroutable.class);
    }

    @Test
    void ringAllOffersAvailableEnabledMembersInConfiguredOrder() {
        Group support = mainNumberRings(RingStrategy.RING_ALL, alice, bob, carol);
        presence.available(alice, carol);
        presence.put(bob, Presence.AWAY, Instant.EPOCH);

        assertThat(plan.route("+15550100")).isEqualTo(new Route.ToGroup(support, List.of(alice, carol)));
        agents.disable(carol.id());
        presence.put(agents.findById(carol.id()).orElseThrow(), Presence.AVAILABLE, Instant.EPOCH);
        assertThat(offerOrder("+15550100")).containsExactly(alice);
    }

    @Test
    void roundRobinStartsAfterWhoeverWasOfferedThePreviousCall() {
        mainNumberRings(RingStrategy.ROUND_ROBIN, alice, bob, carol);
        presence.available(alice, bob, carol);

        assertThat(offerOrder("+15550100")).containsExactly(alice, bob, carol);
        assertThat(offerOrder("+15550100")).containsExactly(bob, carol, alice);
        assertThat(offerOrder("+15550100")).containsExactly(carol, alice, bob);
        assertThat(offerOrder("+15550100")).containsExactly(alice, bob, carol);
    }

    @Test
    void roundRobinSkipsUnavailableMembers() {
        mainNumberRings(RingStrategy.ROUND_ROBIN, alice, bob, carol);
        presence.available(alice, bob, carol);
        offerOrder("+15550100"); // alice first
        presence.put(bob, Presence.WRAP_UP, Instant.EPOCH);

        assertThat(offerOrder("+15550100")).containsExactly(carol, alice);
        assertThat(offerOrder("+15550100")).containsExactly(alice, carol);
    }

    @Test
    void longestIdleOffersWhoseLastCallEndedLongestAgoFirst() {
        mainNumberRings(RingStrategy.LONGEST_IDLE, alice, bob, carol);
        Instant t = Instant.parse("2025-03-01T09:00:00Z");
        presence.put(alice, Presence.AVAILABLE, t.plus(Duration.ofMinutes(5)));
        presence.put(bob, Presence.AVAILABLE, t);
        presence.put(carol, Presence.AVAILABLE, t.plus(Duration.ofMinutes(2)));

        assertThat(offerOrder("+15550100")).containsExactly(bob, carol, alice);
    }

    @Test
    void groupWithNobodyAvailableIsStillTheRoute() {
        Group support = mainNumberRings(RingStrategy.RING_ALL, alice, bob);

        assertThat(plan.route("+15550100")).isEqualTo(new Route.ToGroup(support, List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+442079460958", "0044 20 7946 0958", "(555) 123-4567", "1 555 123 4567", "+1.555.123.4567"})
    void outsideNumbersLeaveThroughTheTrunkInE164(String dialed) {
        Route route = plan.route(dialed);

        assertThat(route).isInstanceOf(Route.ToTrunk.class);
        Route.ToTrunk trunk = (Route.ToTrunk) route;
        assertThat(trunk.trunk()).isEqualTo("pstn");
        assertThat(trunk.number().value()).isIn("+442079460958", "+15551234567");
    }

    @Test
    void trunkAndCountryCodeComeFromConfiguration() {
        DialPlan uk = new DialPlan(agents, numbers, presence, Configs.config(DialPlan.Config.class,
                "outboundTrunk", "carrier", "defaultCountryCode", "44"));

        assertThat(uk.route("2079460958")).isEqualTo(new Route.ToTrunk("carrier", E164.of("+442079460958")));
    }

    @Test
    void numbersConfiguredAsRecordedAreRecognisedHoweverTheyAreDialed() {
        DialPlan recording = new DialPlan(agents, numbers, presence, Configs.config(DialPlan.Config.class,
                "recordedNumbers", "+15550102, 1003"));

        assertThat(recording.recordsEveryCall("+15550102")).isTrue();
        assertThat(recording.recordsEveryCall("(555) 010-2")).isFalse();
        assertThat(recording.recordsEveryCall("5550102")).isFalse();
        assertThat(recording.recordsEveryCall("1003")).isTrue();
        assertThat(recording.recordsEveryCall("+15550101")).isFalse();
        assertThat(plan.recordsEveryCall("+15550102")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "911", "1009", "*72", "abc", "+12", "12345", "555-1234#"})
    void shortCodesAndGarbageAreUnroutable(String dialed) {
        assertThat(plan.route(dialed)).isInstanceOf(Route.Unroutable.class);
    }

    @Test
    void callerIdsAreTheAgentsDidThenTheMainNumber() {
        assertThat(plan.callerIdsFor(alice.id())).containsExactly(E164.of("+15550101"), MAIN);
        assertThat(plan.callerIdsFor(carol.id())).containsExactly(MAIN);
        assertThat(plan.callerIdsFor(UUID.randomUUID())).isEmpty();
    }

    @Test
    void callerIdsIncludeANumberAssignedToTheAgent() {
        numbers.assign(new NumberAssignment(E164.of("+15550103"), new NumberTarget.ToAgent(carol.id()), "Carol"));

        assertThat(plan.callerIdsFor(carol.id())).containsExactly(E164.of("+15550103"), MAIN);
    }

    private Group mainNumberRings(RingStrategy strategy, Agent... members) {
        Group group = numbers.saveGroup(new Group(UUID.randomUUID(), "support", strategy,
                java.util.Arrays.stream(members).map(Agent::id).toList(), Duration.ofSeconds(20), false, Optional.empty()));
        numbers.assign(new NumberAssignment(MAIN, new NumberTarget.ToGroup(group.id()), "Main"));
        return group;
    }

    private List<Agent> offerOrder(String dialed) {
        Route route = plan.route(dialed);
        assertThat(route).isInstanceOf(Route.ToGroup.class);
        return ((Route.ToGroup) route).offerOrder();
    }
}
