package org.switchboard.store.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.session.IssuedSession;
import org.switchboard.api.session.Session;
import org.switchboard.api.session.SessionRepository;

@Component(service = SessionRepository.class)
public final class JdbcSessionRepository implements SessionRepository {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSessionRepository.class);

    private final Jdbc jdbc;
    private final Clock clock;
    private final SessionTokens tokens = new SessionTokens();

    @Activate
    public JdbcSessionRepository(@Reference(target = Database.DATA_SOURCE_TARGET) DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    public JdbcSessionRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    @Override
    public IssuedSession create(UUID agentId, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("session lifetime must be positive");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Session session = new Session(UUID.randomUUID(), agentId, now, now.plus(ttl).truncatedTo(ChronoUnit.MICROS));
        String token = tokens.newToken();
        try {
            jdbc.update("create session", "INSERT INTO sessions (id, token_hash, agent_id, created_at, expires_at)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    p -> p.uuid(session.id()).text(SessionTokens.hash(token)).uuid(agentId).instant(session.createdAt())
                            .instant(session.expiresAt()));
        } catch (StoreException e) {
            if (e.isMissingReference()) {
                throw new NoSuchElementException("no agent " + agentId);
            }
            throw e;
        }
        LOG.debug("session created: session={} agent={}", session.id(), agentId);
        return new IssuedSession(session, token);
    }

    @Override
    public Optional<Session> resolve(String token, Instant now) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.one("resolve session", "SELECT id, agent_id, created_at, expires_at FROM sessions"
                        + " WHERE token_hash = ? AND expires_at > ?",
                p -> p.text(SessionTokens.hash(token)).instant(now), JdbcSessionRepository::session);
    }

    @Override
    public boolean revoke(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        return jdbc.update("revoke session", "DELETE FROM sessions WHERE token_hash = ?",
                p -> p.text(SessionTokens.hash(token))) > 0;
    }

    @Override
    public int purgeExpired(Instant now) {
        int purged = jdbc.update("purge sessions", "DELETE FROM sessions WHERE expires_at <= ?", p -> p.instant(now));
        if (purged > 0) {
            LOG.debug("sessions purged: {}", purged);
        }
        return purged;
    }

    private static Session session(Row row) throws SQLException {
        return new Session(row.uuid("id"), row.uuid("agent_id"), row.instant("created_at"), row.instant("expires_at"));
    }
}
