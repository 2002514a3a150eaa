package org.switchboard.store.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.registration.Registration;
import org.switchboard.api.registration.RegistrationRepository;

@Component(service = RegistrationRepository.class)
public final class JdbcRegistrationRepository implements RegistrationRepository {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRegistrationRepository.class);
    static final int MAX_CONTACT = 1024;
    static final int MAX_SOURCE = 255;
    static final int MAX_TRANSPORT = 8;
    static final int MAX_USER_AGENT = 255;
    static final int MAX_CALL_ID = 255;
    private static final String SELECT = "SELECT id, agent_id, contact, source, transport, user_agent, call_id, cseq,"
            + " registered_at, expires_at FROM registrations";
    private static final String NEWEST_FIRST = " ORDER BY registered_at DESC, contact";

    private final Jdbc jdbc;
    /** Every agent's contacts, expired ones included (filtered on read): B2BUA routing asks on every call. */
    private final ReadCache<UUID, List<Registration>> byAgent = ReadCache.own();

    @Activate
    public JdbcRegistrationRepository(@Reference(target = Database.DATA_SOURCE_TARGET) DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void save(Registration registration) {
        requireAtMost(registration.contact(), MAX_CONTACT, "contact");
        requireAtMost(registration.source(), MAX_SOURCE, "source");
        requireAtMost(registration.transport(), MAX_TRANSPORT, "transport");
        requireAtMost(registration.callId(), MAX_CALL_ID, "call id");
        // the user agent only informs an admin: a long one is cut rather than refused
        String userAgent = registration.userAgent().length() > MAX_USER_AGENT
                ? registration.userAgent().substring(0, MAX_USER_AGENT) : registration.userAgent();
        try {
            upsert(registration, userAgent);
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                // a concurrent first REGISTER of the same contact inserted it: ours becomes a refresh
                upsert(registration, userAgent);
            } else if (e.isMissingReference()) {
                throw new NoSuchElementException("no agent " + registration.agentId());
            } else {
                throw e;
            }
        }
    }

    private void upsert(Registration r, String userAgent) {
        try {
            upsertRow(r, userAgent);
        } finally {
            byAgent.invalidate();
        }
    }

    private void upsertRow(Registration r, String userAgent) {
        jdbc.inTransaction("save registration", tx -> {
            int updated = tx.update("UPDATE registrations SET source = ?, transport = ?, user_agent = ?, call_id = ?,"
                            + " cseq = ?, registered_at = ?, expires_at = ? WHERE agent_id = ? AND contact = ?",
                    p -> p.text(r.source()).text(r.transport()).text(userAgent).text(r.callId()).bigint(r.cseq())
                            .instant(r.registeredAt()).instant(r.expiresAt()).uuid(r.agentId()).text(r.contact()));
            if (updated == 0) {
                tx.update("INSERT INTO registrations (id, agent_id, contact, source, transport, user_agent, call_id,"
                                + " cseq, registered_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        p -> p.uuid(r.id()).uuid(r.agentId()).text(r.contact()).text(r.source()).text(r.transport())
                                .text(userAgent).text(r.callId()).bigint(r.cseq()).instant(r.registeredAt())
                                .instant(r.expiresAt()));
            }
            return null;
        });
    }

    @Override
    public boolean remove(UUID agentId, String contact) {
        try {
            return jdbc.update("remove registration", "DELETE FROM registrations WHERE agent_id = ? AND contact = ?",
                    p -> p.uuid(agentId).text(contact)) > 0;
        } finally {
            byAgent.invalidate();
        }
    }

    @Override
    public int removeAll(UUID agentId) {
        try {
            return jdbc.update("remove registrations", "DELETE FROM registrations WHERE agent_id = ?",
                    p -> p.uuid(agentId));
        } finally {
            byAgent.invalidate();
        }
    }

    @Override
    public List<Registration> active(UUID agentId, Instant now) {
        return byAgent.get(agentId, () -> jdbc.list("list registrations", SELECT + " WHERE agent_id = ?" + NEWEST_FIRST,
                        p -> p.uuid(agentId), JdbcRegistrationRepository::registration))
                .stream().filter(registration -> registration.expiresAt().isAfter(now)).toList();
    }

    @Override
    public List<Registration> allActive(Instant now) {
        return jdbc.list("list registrations", SELECT + " WHERE expires_at > ?" + NEWEST_FIRST, p -> p.instant(now),
                JdbcRegistrationRepository::registration);
    }

    @Override
    public int purgeExpired(Instant now) {
        int purged = jdbc.update("purge registrations", "DELETE FROM registrations WHERE expires_at <= ?",
                p -> p.instant(now));
        if (purged > 0) {
            byAgent.invalidate(); // the cache filters expired rows on read: only a real delete changes it
            LOG.debug("registrations purged: {}", purged);
        }
        return purged;
    }

    private static void requireAtMost(String value, int max, String what) {
        if (value.length() > max) {
            throw new IllegalArgumentException(what + " is longer than " + max + " characters");
        }
    }

    private static Registration registration(Row row) throws SQLException {
        return new Registration(row.uuid("id"), row.uuid("agent_id"), row.text("contact"), row.text("source"),
                row.text("transport"), row.text("user_agent"), row.text("call_id"), row.bigint("cseq"),
                row.instant("registered_at"), row.instant("expires_at"));
    }
}
