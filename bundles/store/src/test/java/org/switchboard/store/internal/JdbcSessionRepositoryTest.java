package org.switchboard.store.internal;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.store.internal.Fixtures.T0;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.session.IssuedSession;

class JdbcSessionRepositoryTest {
    private static final Duration TTL = Duration.ofHours(8);
    private final MutableClock clock = new MutableClock(T0);

    @OnBothDatabases
    void tokenResolvesToItsSession(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcSessionRepository sessions = new JdbcSessionRepository(db.dataSource(), clock);

        IssuedSession issued = sessions.create(alice.id(), TTL);

        assertThat(issued.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(issued.session().agentId()).isEqualTo(alice.id());
        assertThat(issued.session().createdAt()).isEqualTo(T0);
        assertThat(issued.session().expiresAt()).isEqualTo(T0.plus(TTL));
        assertThat(sessions.resolve(issued.token(), T0.plusSeconds(60))).contains(issued.session());
        assertThat(sessions.resolve(issued.token() + "x", T0)).isEmpty();
        assertThat(sessions.resolve("", T0)).isEmpty();
    }

    @OnBothDatabases
    void onlyTheTokensSha256IsStored(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        IssuedSession issued = new JdbcSessionRepository(db.dataSource(), clock).create(alice.id(), TTL);

        String stored = new Jdbc(db.dataSource()).one("read", "SELECT token_hash FROM sessions WHERE id = ?",
                p -> p.uuid(issued.session().id()), row -> row.text("token_hash")).orElseThrow();

        assertThat(stored).isEqualTo(SessionTokens.hash(issued.token())).matches("[0-9a-f]{64}");
    }

    @OnBothDatabases
    void sessionStopsResolvingWhenItExpires(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcSessionRepository sessions = new JdbcSessionRepository(db.dataSource(), clock);
        IssuedSession issued = sessions.create(alice.id(), TTL);

        assertThat(sessions.resolve(issued.token(), T0.plus(TTL).minusMillis(1))).isPresent();
        assertThat(sessions.resolve(issued.token(), T0.plus(TTL))).isEmpty();
    }

    @OnBothDatabases
    void revokedTokenNoLongerResolves(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcSessionRepository sessions = new JdbcSessionRepository(db.dataSource(), clock);
        IssuedSession kept = sessions.create(alice.id(), TTL);
        IssuedSession revoked = sessions.create(alice.id(), TTL);

        assertThat(sessions.revoke(revoked.token())).isTrue();

        assertThat(sessions.resolve(revoked.token(), T0)).isEmpty();
        assertThat(sessions.resolve(kept.token(), T0)).isPresent();
        assertThat(sessions.revoke(revoked.token())).isFalse();
        assertThat(sessions.revoke("never-issued")).isFalse();
    }

    @OnBothDatabases
    void purgeDeletesOnlyExpiredSessions(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcSessionRepository sessions = new JdbcSessionRepository(db.dataSource(), clock);
        IssuedSession shortLived = sessions.create(alice.id(), Duration.ofMinutes(5));
        IssuedSession longLived = sessions.create(alice.id(), TTL);

        assertThat(sessions.purgeExpired(T0.plusSeconds(60))).isZero();
        assertThat(sessions.purgeExpired(T0.plus(Duration.ofMinutes(5)))).isEqualTo(1);

        assertThat(sessions.revoke(shortLived.token())).isFalse();
        assertThat(sessions.resolve(longLived.token(), T0.plus(Duration.ofMinutes(5)))).isPresent();
    }

    @OnBothDatabases
    void everySessionGetsItsOwnToken(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcSessionRepository sessions = new JdbcSessionRepository(db.dataSource(), clock);

        IssuedSession first = sessions.create(alice.id(), TTL);
        IssuedSession second = sessions.create(alice.id(), TTL);

        assertThat(first.token()).isNotEqualTo(second.token());
        assertThat(sessions.resolve(second.token(), T0)).contains(second.session());
    }

    @OnBothDatabases
    void sessionForAnUnknownAgentIsRefused(TestDatabase db) {
        JdbcSessionRepository sessions = new JdbcSessionRepository(db.dataSource(), clock);

        assertThatThrownBy(() -> sessions.create(UUID.randomUUID(), TTL)).isInstanceOf(NoSuchElementException.class);
    }
}
