package org.switchboard.core.internal;

import org.switchboard.testing.Configs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.NewAgent;
import org.switchboard.api.agent.Role;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberTarget;
import org.switchboard.api.number.RingStrategy;

class DemoDataTest {
    private final InMemoryAgentRepository agents = new InMemoryAgentRepository();
    private final InMemoryNumberRepository numbers = new InMemoryNumberRepository();

    @Test
    void createsTheDemoAgentsGroupAndMainNumber() {
        new DemoData(agents, numbers, Configs.config(DemoData.Config.class));

        Agent alice = agents.findByUsername("alice").orElseThrow();
        Agent bob = agents.findByUsername("bob").orElseThrow();
        Agent carol = agents.findByUsername("carol").orElseThrow();
        assertThat(alice).extracting(Agent::displayName, Agent::extension, Agent::did, Agent::role)
                .containsExactly("Alice Anderson", "1001", Optional.of(E164.of("+15550101")), Role.AGENT);
        assertThat(bob).extracting(Agent::displayName, Agent::extension, Agent::did, Agent::role)
                .containsExactly("Bob Brown", "1002", Optional.of(E164.of("+15550102")), Role.AGENT);
        assertThat(carol).extracting(Agent::displayName, Agent::extension, Agent::did, Agent::role)
                .containsExactly("Carol Clark", "1003", Optional.empty(), Role.SUPERVISOR);
        assertThat(agents.verifyPassword(alice.id(), "alice-secret".toCharArray())).isTrue();
        assertThat(agents.verifyPassword(carol.id(), "carol-secret".toCharArray())).isTrue();

        Group support = numbers.findGroupByName("support").orElseThrow();
        assertThat(support.strategy()).isEqualTo(RingStrategy.RING_ALL);
        assertThat(support.members()).containsExactly(alice.id(), bob.id());
        assertThat(support.ringTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(support.autoRecord()).isTrue();
        assertThat(support.voicemailAfter()).contains(Duration.ofSeconds(20));
        assertThat(numbers.find(E164.of("+15550100")).orElseThrow().target())
                .isEqualTo(new NumberTarget.ToGroup(support.id()));
        assertThat(numbers.find(E164.of("+15550101")).orElseThrow().target())
                .isEqualTo(new NumberTarget.ToAgent(alice.id()));
    }

    @Test
    void runningAgainCreatesNothing() {
        new DemoData(agents, numbers, Configs.config(DemoData.Config.class));
        int agentCreates = agents.creates;
        int numberWrites = numbers.writes;

        DemoData again = new DemoData(agents, numbers, Configs.config(DemoData.Config.class));

        assertThat(again.created()).isEmpty();
        assertThat(agents.creates).isEqualTo(agentCreates);
        assertThat(numbers.writes).isEqualTo(numberWrites);
        assertThat(agents.list()).hasSize(3);
    }

    @Test
    void onlyWhatIsMissingIsCreatedAndExistingItemsAreLeftAlone() {
        Agent alice = agents.create(new NewAgent("alice", "Alice A.", "1001", Optional.empty(), Role.ADMIN,
                "changed-password".toCharArray()));

        DemoData demo = new DemoData(agents, numbers, Configs.config(DemoData.Config.class));

        assertThat(demo.created()).contains("agent bob", "agent carol", "group support").doesNotContain("agent alice");
        assertThat(agents.findByUsername("alice").orElseThrow()).isEqualTo(alice);
        assertThat(agents.verifyPassword(alice.id(), "changed-password".toCharArray())).isTrue();
        assertThat(numbers.findGroupByName("support").orElseThrow().members()).startsWith(alice.id());
    }

    @Test
    void passwordsComeFromTheConfiguration() {
        new DemoData(agents, numbers, Configs.config(DemoData.Config.class, "bobPassword", "bob-new-secret"));

        Agent bob = agents.findByUsername("bob").orElseThrow();
        assertThat(agents.verifyPassword(bob.id(), "bob-new-secret".toCharArray())).isTrue();
    }

    @Test
    void disabledDemoDataCreatesNothing() {
        new DemoData(agents, numbers, Configs.config(DemoData.Config.class, "enabled", false));

        assertThat(agents.list()).isEmpty();
        assertThat(numbers.groups()).isEmpty();
        assertThat(numbers.numbers()).isEqualTo(List.of());
    }
}
