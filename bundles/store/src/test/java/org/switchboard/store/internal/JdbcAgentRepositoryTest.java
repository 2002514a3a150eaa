package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.store.internal.Fixtures.agents;
import static org.switchboard.store.internal.Fixtures.newAgent;

import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.Device;
import org.switchboard.api.agent.DeviceKind;
import org.switchboard.api.agent.DuplicateAgentException;
import org.switchboard.api.agent.NewAgent;
import org.switchboard.api.agent.Role;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberTarget;

class JdbcAgentRepositoryTest {

    @OnBothDatabases
    void createdAgentIsFoundByIdUsernameAndExtension(TestDatabase db) {
        JdbcAgentRepository agents = agents(db.dataSource());

        Agent alice = agents.create(new NewAgent("alice", "Alice Adams", "1001", Optional.empty(), Role.SUPERVISOR,
                "alice-secret".toCharArray()));

        assertThat(alice.enabled()).isTrue();
        assertThat(agents.findById(alice.id())).contains(alice);
        assertThat(agents.findByUsername("alice")).contains(alice);
        assertThat(agents.findByUsername("Alice")).contains(alice);
        assertThat(agents.findByExtension("1001")).contains(alice);
        assertThat(agents.findById(UUID.randomUUID())).isEmpty();
        assertThat(agents.findByExtension("1999")).isEmpty();
    }

    @OnBothDatabases
    void listIsOrderedByUsername(TestDatabase db) {
        JdbcAgentRepository agents = agents(db.dataSource());
        agents.create(newAgent("carol", "1003"));
        agents.create(newAgent("alice", "1001"));
        agents.create(newAgent("bob", "1002"));

        assertThat(agents.list()).extracting(Agent::username).containsExactly("alice", "bob", "carol");
    }

    @OnBothDatabases
    void duplicateUsernameOrExtensionIsRefused(TestDatabase db) {
        JdbcAgentRepository agents = agents(db.dataSource());
        agents.create(newAgent("alice", "1001"));

        assertThatThrownBy(() -> agents.create(newAgent("alice", "1002")))
                .isInstanceOf(DuplicateAgentException.class).hasMessageContaining("username");
        assertThatThrownBy(() -> agents.create(newAgent("bob", "1001")))
                .isInstanceOf(DuplicateAgentException.class).hasMessageContaining("extension");
        assertThat(agents.list()).hasSize(1);
    }

    @OnBothDatabases
    void passwordVerifiesOnlyWhenRight(TestDatabase db) {
        JdbcAgentRepository agents = agents(db.dataSource());
        Agent alice = agents.create(newAgent("alice", "1001"));

        assertThat(agents.verifyPassword(alice.id(), "alice-secret".toCharArray())).isTrue();
        assertThat(agents.verifyPassword(alice.id(), "alice-Secret".toCharArray())).isFalse();
        assertThat(agents.verifyPassword(alice.id(), new char[0])).isFalse();
        assertThat(agents.verifyPassword(UUID.randomUUID(), "alice-secret".toCharArray())).isFalse();
    }

    @OnBothDatabases
    void onlyABcryptHashOfThePasswordIsStored(TestDatabase db) {
        Agent alice = agents(db.dataSource()).create(newAgent("alice", "1001"));

        String stored = new Jdbc(db.dataSource()).one("read", "SELECT password_hash FROM agents WHERE id = ?",
                p -> p.uuid(alice.id()), row -> row.text("password_hash")).orElseThrow();

        assertThat(stored).startsWith("$2").hasSize(60).doesNotContain("alice-secret");
    }

    @OnBothDatabases
    void newPasswordReplacesTheOldOne(TestDatabase db) {
        JdbcAgentRepository agents = agents(db.dataSource());
        Agent alice = agents.create(newAgent("alice", "1001"));

        assertThat(agents.setPassword(alice.id(), "a-new-secret".toCharArray())).isTrue();

        assertThat(agents.verifyPassword(alice.id(), "a-new-secret".toCharArray())).isTrue();
        assertThat(agents.verifyPassword(alice.id(), "alice-secret".toCharArray())).isFalse();
        assertThat(agents.setPassword(UUID.randomUUID(), "a-new-secret".toCharArray())).isFalse();
        assertThatThrownBy(() -> agents.setPassword(alice.id(), "short".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @OnBothDatabases
    void didIsTheNumberPointingAtTheAgent(TestDatabase db) {
        JdbcAgentRepository agents = agents(db.dataSource());
        JdbcNumberRepository numbers = new JdbcNumberRepository(db.dataSource());

        Agent alice = agents.create(newAgent("alice", "1001", "+15550101"));
        Agent bob = agents.create(newAgent("bob", "1002"));

        assertThat(alice.did()).contains(E164.of("+15550101"));
        assertThat(agents.findById(alice.id()).orElseThrow().did()).contains(E164.of("+15550101"));
        assertThat(numbers.find(E164.of("+15550101")).orElseThrow().target())
                .isEqualTo(new NumberTarget.ToAgent(alice.id()));
        assertThat(bob.did()).isEmpty();

        numbers.assign(new NumberAssignment(E164.of("+15550102"), new NumberTarget.ToAgent(bob.id()), "Bob"));
        assertThat(agents.findByUsername("bob").orElseThrow().did()).contains(E164.of("+15550102"));
    }

    @OnBothDatabases
    void didAlreadyAssignedIsRefusedAndNothingIsCreated(TestDatabase db) {
        JdbcAgentRepository agents = agents(db.dataSource());
        agents.create(newAgent("alice", "1001", "+15550101"));

        assertThatThrownBy(() -> agents.create(newAgent("bob", "1002", "+15550101")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("+15550101");
        assertThat(agents.findByUsername("bob")).isEmpty();
    }

    @OnBothDatabases
    void devicesAreAddedListedAndRemoved(TestDatabase db) {
        JdbcAgentRepository agents = agents(db.dataSource());
        Agent alice = agents.create(newAgent("alice", "1001"));
        Agent bob = agents.create(newAgent("bob", "1002"));

        Device mobile = agents.addDevice(alice.id(), DeviceKind.EXTERNAL, "+15557770001", "Mobile");
        Device desk = agents.addDevice(alice.id(), DeviceKind.SIP, "sip:alice@switchboard.local", "Desk phone");
        agents.addDevice(bob.id(), DeviceKind.SIP, "sip:bob@switchboard.local", "Desk phone");

        assertThat(agents.devices(alice.id())).containsExactlyInAnyOrder(mobile, desk);
        assertThat(agents.removeDevice(mobile.id())).isTrue();
        assertThat(agents.removeDevice(mobile.id())).isFalse();
        assertThat(agents.devices(alice.id())).containsExactly(desk);
        assertThatThrownBy(() -> agents.addDevice(UUID.randomUUID(), DeviceKind.SIP, "sip:x@y", "X"))
                .isInstanceOf(NoSuchElementException.class);
    }
}
