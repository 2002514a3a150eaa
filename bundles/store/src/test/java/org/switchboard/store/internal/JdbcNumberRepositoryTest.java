package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberTarget;
import org.switchboard.api.number.RingStrategy;

class JdbcNumberRepositoryTest {
    private static final E164 MAIN = E164.of("+15550100");

    @OnBothDatabases
    void assigningANumberAgainReplacesItsTarget(TestDatabase db) {
        JdbcNumberRepository numbers = new JdbcNumberRepository(db.dataSource());
        UUID support = UUID.randomUUID();
        UUID sales = UUID.randomUUID();

        numbers.assign(new NumberAssignment(MAIN, new NumberTarget.ToGroup(support), "Main number"));
        numbers.assign(new NumberAssignment(MAIN, new NumberTarget.ToGroup(sales), "Sales line"));

        assertThat(numbers.numbers())
                .containsExactly(new NumberAssignment(MAIN, new NumberTarget.ToGroup(sales), "Sales line"));
    }

    @OnBothDatabases
    void numbersAreListedInOrderAndCanBeUnassigned(TestDatabase db) {
        JdbcNumberRepository numbers = new JdbcNumberRepository(db.dataSource());
        UUID agent = UUID.randomUUID();
        numbers.assign(new NumberAssignment(E164.of("+15550102"), new NumberTarget.ToAgent(agent), "b"));
        numbers.assign(new NumberAssignment(E164.of("+15550101"), new NumberTarget.ToAgent(agent), "a"));

        assertThat(numbers.numbers()).extracting(NumberAssignment::label).containsExactly("a", "b");
        assertThat(numbers.unassign(E164.of("+15550101"))).isTrue();
        assertThat(numbers.unassign(E164.of("+15550101"))).isFalse();
        assertThat(numbers.find(E164.of("+15550101"))).isEmpty();
        assertThat(numbers.find(E164.of("+15550102"))).isPresent();
    }

    @OnBothDatabases
    void groupKeepsItsMembersInConfiguredOrder(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        Agent bob = Fixtures.createAgent(db.dataSource(), "bob", "1002");
        Agent carol = Fixtures.createAgent(db.dataSource(), "carol", "1003");
        JdbcNumberRepository numbers = new JdbcNumberRepository(db.dataSource());
        Group support = new Group(UUID.randomUUID(), "support", RingStrategy.ROUND_ROBIN,
                List.of(carol.id(), alice.id(), bob.id()), Duration.ofSeconds(15), true,
                Optional.of(Duration.ofSeconds(20)));

        numbers.saveGroup(support);

        assertThat(numbers.findGroup(support.id())).contains(support);
        assertThat(numbers.findGroupByName("support")).contains(support);

        Group reordered = new Group(support.id(), "support", RingStrategy.RING_ALL, List.of(bob.id(), carol.id()),
                Duration.ofSeconds(30), false, Optional.empty());
        numbers.saveGroup(reordered);

        assertThat(numbers.groups()).containsExactly(reordered);
    }

    @OnBothDatabases
    void groupsAreListedByNameWithTheirOwnMembers(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        Agent bob = Fixtures.createAgent(db.dataSource(), "bob", "1002");
        JdbcNumberRepository numbers = new JdbcNumberRepository(db.dataSource());
        Group support = group("support", List.of(alice.id(), bob.id()));
        Group billing = group("billing", List.of(bob.id()));
        Group empty = group("empty", List.of());
        numbers.saveGroup(support);
        numbers.saveGroup(billing);
        numbers.saveGroup(empty);

        assertThat(numbers.groups()).containsExactly(billing, empty, support);
        assertThat(numbers.findGroupByName("nobody")).isEmpty();
    }

    @OnBothDatabases
    void groupNamesAreUnique(TestDatabase db) {
        JdbcNumberRepository numbers = new JdbcNumberRepository(db.dataSource());
        numbers.saveGroup(group("support", List.of()));

        assertThatThrownBy(() -> numbers.saveGroup(group("support", List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("support");
        assertThat(numbers.groups()).hasSize(1);
    }

    @OnBothDatabases
    void groupWithAnUnknownMemberIsRefused(TestDatabase db) {
        JdbcNumberRepository numbers = new JdbcNumberRepository(db.dataSource());

        assertThatThrownBy(() -> numbers.saveGroup(group("support", List.of(UUID.randomUUID()))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(numbers.groups()).isEmpty();
    }

    private static Group group(String name, List<UUID> members) {
        return new Group(UUID.randomUUID(), name, RingStrategy.LONGEST_IDLE, members, Duration.ofSeconds(20), false,
                Optional.empty());
    }
}
