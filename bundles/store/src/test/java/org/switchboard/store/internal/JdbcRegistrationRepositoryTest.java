package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.store.internal.Fixtures.T0;

import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.registration.Registration;

class JdbcRegistrationRepositoryTest {

    private static Registration registration(Agent agent, String contact, Instant at, long seconds) {
        return new Registration(UUID.randomUUID(), agent.id(), contact, "10.0.0.7:5062", "UDP", "Yealink T46U",
                "call-" + contact, 1, at, at.plusSeconds(seconds));
    }

    @OnBothDatabases
    void savedRegistrationIsActiveUntilItExpires(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcRegistrationRepository registrations = new JdbcRegistrationRepository(db.dataSource());
        Registration desk = registration(alice, "sip:alice@10.0.0.7:5062", T0, 3600);

        registrations.save(desk);

        assertThat(registrations.active(alice.id(), T0)).containsExactly(desk);
        assertThat(registrations.active(alice.id(), T0.plusSeconds(3599))).containsExactly(desk);
        assertThat(registrations.active(alice.id(), T0.plusSeconds(3600))).isEmpty();
        assertThat(registrations.allActive(T0)).containsExactly(desk);
    }

    @OnBothDatabases
    void refreshOfTheSameContactUpdatesTheRowInPlace(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcRegistrationRepository registrations = new JdbcRegistrationRepository(db.dataSource());
        Registration first = registration(alice, "sip:alice@10.0.0.7:5062", T0, 60);
        registrations.save(first);

        Registration refresh = new Registration(UUID.randomUUID(), alice.id(), first.contact(), "10.0.0.7:40000",
                "TCP", "Yealink T46U 2", first.callId(), 2, T0.plusSeconds(30), T0.plusSeconds(3630));
        registrations.save(refresh);

        assertThat(registrations.active(alice.id(), T0.plusSeconds(100))).containsExactly(
                new Registration(first.id(), alice.id(), first.contact(), "10.0.0.7:40000", "TCP", "Yealink T46U 2",
                        first.callId(), 2, T0.plusSeconds(30), T0.plusSeconds(3630)));
    }

    @OnBothDatabases
    void anAgentHasSeveralContactsNewestFirst(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        Agent bob = Fixtures.createAgent(db.dataSource(), "bob", "1002");
        JdbcRegistrationRepository registrations = new JdbcRegistrationRepository(db.dataSource());
        Registration desk = registration(alice, "sip:alice@10.0.0.7:5062", T0, 3600);
        Registration soft = registration(alice, "sip:alice@10.0.0.8:5060;transport=tcp", T0.plusSeconds(10), 3600);
        Registration bobs = registration(bob, "sip:bob@10.0.0.9:5060", T0.plusSeconds(5), 3600);
        registrations.save(desk);
        registrations.save(soft);
        registrations.save(bobs);

        assertThat(registrations.active(alice.id(), T0.plusSeconds(20))).containsExactly(soft, desk);
        assertThat(registrations.active(bob.id(), T0.plusSeconds(20))).containsExactly(bobs);
        assertThat(registrations.allActive(T0.plusSeconds(20))).containsExactly(soft, bobs, desk);
    }

    @OnBothDatabases
    void removeDeletesOneContactAndRemoveAllEveryContactOfTheAgent(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        Agent bob = Fixtures.createAgent(db.dataSource(), "bob", "1002");
        JdbcRegistrationRepository registrations = new JdbcRegistrationRepository(db.dataSource());
        Registration desk = registration(alice, "sip:alice@10.0.0.7:5062", T0, 3600);
        Registration soft = registration(alice, "sip:alice@10.0.0.8:5060", T0, 3600);
        Registration bobs = registration(bob, "sip:bob@10.0.0.9:5060", T0, 3600);
        registrations.save(desk);
        registrations.save(soft);
        registrations.save(bobs);

        assertThat(registrations.remove(alice.id(), desk.contact())).isTrue();
        assertThat(registrations.remove(alice.id(), desk.contact())).isFalse();
        assertThat(registrations.remove(bob.id(), soft.contact())).isFalse();
        assertThat(registrations.active(alice.id(), T0)).containsExactly(soft);

        registrations.save(desk);
        assertThat(registrations.removeAll(alice.id())).isEqualTo(2);
        assertThat(registrations.allActive(T0)).containsExactly(bobs);
    }

    @OnBothDatabases
    void purgeDeletesOnlyExpiredRegistrations(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcRegistrationRepository registrations = new JdbcRegistrationRepository(db.dataSource());
        Registration brief = registration(alice, "sip:alice@10.0.0.7:5062", T0, 60);
        Registration lasting = registration(alice, "sip:alice@10.0.0.8:5060", T0, 3600);
        registrations.save(brief);
        registrations.save(lasting);

        assertThat(registrations.purgeExpired(T0.plusSeconds(59))).isZero();
        assertThat(registrations.purgeExpired(T0.plusSeconds(60))).isEqualTo(1);

        assertThat(registrations.remove(alice.id(), brief.contact())).isFalse();
        assertThat(registrations.active(alice.id(), T0.plusSeconds(60))).containsExactly(lasting);
    }

    @OnBothDatabases
    void registrationsGoWithTheirAgent(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcRegistrationRepository registrations = new JdbcRegistrationRepository(db.dataSource());
        registrations.save(registration(alice, "sip:alice@10.0.0.7:5062", T0, 3600));

        new Jdbc(db.dataSource()).update("delete agent", "DELETE FROM agents WHERE id = ?", p -> p.uuid(alice.id()));

        assertThat(registrations.allActive(T0)).isEmpty();
    }

    @OnBothDatabases
    void registrationOfAnUnknownAgentIsRefused(TestDatabase db) {
        JdbcRegistrationRepository registrations = new JdbcRegistrationRepository(db.dataSource());
        Registration stray = new Registration(UUID.randomUUID(), UUID.randomUUID(), "sip:x@10.0.0.1", "10.0.0.1:5060",
                "UDP", "", "c", 1, T0, T0.plusSeconds(60));

        assertThatThrownBy(() -> registrations.save(stray)).isInstanceOf(NoSuchElementException.class);
    }

    @OnBothDatabases
    void overlongContactIsRefusedAndOverlongUserAgentCut(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcRegistrationRepository registrations = new JdbcRegistrationRepository(db.dataSource());
        String longContact = "sip:alice@10.0.0.7;x=" + "a".repeat(1024);

        assertThatThrownBy(() -> registrations.save(registration(alice, longContact, T0, 60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contact");

        registrations.save(new Registration(UUID.randomUUID(), alice.id(), "sip:alice@10.0.0.7", "10.0.0.7:5060", "UDP",
                "U".repeat(400), "c", 1, T0, T0.plusSeconds(60)));
        assertThat(registrations.active(alice.id(), T0).get(0).userAgent()).isEqualTo("U".repeat(255));
    }
}
