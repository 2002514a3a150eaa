package org.switchboard.store.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.calllog.OutboxEntry;
import org.switchboard.api.calllog.OutboxStatus;

@Component(service = Outbox.class)
public final class JdbcOutbox implements Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcOutbox.class);
    /** Entries queued while no connector had subscribed; the first subscriber takes them. */
    static final String UNASSIGNED = "*";
    private static final int MAX_CONNECTOR = 64;
    private static final int MAX_ERROR = 2000;
    private static final int MAX_CRM_REF = 1024;
    private static final String SELECT = "SELECT id, call_log_id, connector, status, revision, attempts, created_at,"
            + " next_attempt_at, last_error, crm_ref, delivered_at FROM outbox";

    private final Jdbc jdbc;

    @Activate
    public JdbcOutbox(@Reference(target = Database.DATA_SOURCE_TARGET) DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void subscribe(String connector) {
        String name = requireName(connector);
        int claimed = jdbc.inTransaction("subscribe to the outbox", tx -> {
            boolean known = tx.one("SELECT connector FROM outbox_subscribers WHERE connector = ?", p -> p.text(name),
                    row -> row.text("connector")).isPresent();
            if (!known) {
                tx.update("INSERT INTO outbox_subscribers (connector, subscribed_at) VALUES (?, ?)",
                        p -> p.text(name).instant(Instant.now()));
            }
            return tx.update("UPDATE outbox SET connector = ? WHERE connector = ?", p -> p.text(name).text(UNASSIGNED));
        });
        if (claimed > 0) {
            LOG.info("outbox: {} call logs queued before any CRM connector go to {}", claimed, name);
        }
    }

    @Override
    public void unsubscribe(String connector) {
        jdbc.update("unsubscribe from the outbox", "DELETE FROM outbox_subscribers WHERE connector = ?",
                p -> p.text(connector));
    }

    @Override
    public Set<String> subscribers() {
        return new LinkedHashSet<>(jdbc.list("list outbox subscribers",
                "SELECT connector FROM outbox_subscribers ORDER BY subscribed_at, connector", Transaction.NO_PARAMS,
                row -> row.text("connector")));
    }

    @Override
    public List<OutboxEntry> due(String connector, Instant now, int limit) {
        return jdbc.list("read due outbox entries", SELECT
                        + " WHERE connector = ? AND status = 'PENDING' AND next_attempt_at <= ?"
                        + " ORDER BY created_at, id FETCH FIRST ? ROWS ONLY",
                p -> p.text(connector).instant(now).integer(requirePositive(limit)), JdbcOutbox::entry);
    }

    @Override
    public List<OutboxEntry> list(Optional<OutboxStatus> status, int limit) {
        String page = " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY";
        if (status.isPresent()) {
            return jdbc.list("list outbox", SELECT + " WHERE status = ?" + page,
                    p -> p.text(status.get().name()).integer(requirePositive(limit)), JdbcOutbox::entry);
        }
        return jdbc.list("list outbox", SELECT + page, p -> p.integer(requirePositive(limit)), JdbcOutbox::entry);
    }

    @Override
    public Optional<OutboxEntry> find(UUID entryId) {
        return jdbc.one("find outbox entry", SELECT + " WHERE id = ?", p -> p.uuid(entryId), JdbcOutbox::entry);
    }

    @Override
    public List<OutboxEntry> deliveries(UUID callLogId) {
        return jdbc.list("read a call log's deliveries", SELECT + " WHERE call_log_id = ? ORDER BY connector",
                p -> p.uuid(callLogId), JdbcOutbox::entry);
    }

    /**
     * Delivered if the entry still holds the revision that went out; when an edit queued it again
     * meanwhile it stays due and only keeps the CRM's reference, so the next delivery amends it.
     */
    @Override
    public void markDelivered(UUID entryId, int revision, String crmRef, Instant at) {
        markAllDelivered(List.of(new Delivered(entryId, revision, crmRef, at)));
    }

    /** One commit for a whole batch of deliveries (the dispatcher delivers a batch in parallel). */
    @Override
    public void markAllDelivered(List<Delivered> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        jdbc.inTransaction("mark outbox entries delivered", tx -> {
            for (Delivered d : deliveries) {
                String ref = truncate(d.crmRef(), MAX_CRM_REF);
                int delivered = tx.update("UPDATE outbox SET status = 'DELIVERED', crm_ref = ?, delivered_at = ?,"
                        + " last_error = NULL WHERE id = ? AND revision = ? AND status = 'PENDING'",
                        p -> p.text(ref).instant(d.at()).uuid(d.entryId()).integer(d.revision()));
                if (delivered == 0) {
                    tx.update("UPDATE outbox SET crm_ref = ? WHERE id = ? AND crm_ref IS NULL",
                            p -> p.text(ref).uuid(d.entryId()));
                }
            }
            return null;
        });
    }

    /** Only pending entries change: a late failure report never undoes a delivery. */
    @Override
    public void markFailed(UUID entryId, String error, Instant nextAttemptAt) {
        jdbc.update("mark outbox entry failed", "UPDATE outbox SET attempts = attempts + 1, last_error = ?,"
                        + " next_attempt_at = ? WHERE id = ? AND status = 'PENDING'",
                p -> p.text(truncate(error, MAX_ERROR)).instant(nextAttemptAt).uuid(entryId));
    }

    @Override
    public void park(UUID entryId, String message, Instant at) {
        jdbc.update("park outbox entry", "UPDATE outbox SET status = 'PARKED', attempts = attempts + 1,"
                        + " last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'PENDING'",
                p -> p.text(truncate(message, MAX_ERROR)).instant(at).uuid(entryId));
    }

    @Override
    public boolean retry(UUID entryId, Instant now) {
        return jdbc.update("retry outbox entry", "UPDATE outbox SET status = 'PENDING', next_attempt_at = ?"
                        + " WHERE id = ? AND status IN ('PENDING', 'PARKED', 'DISCARDED')",
                p -> p.instant(now).uuid(entryId)) == 1;
    }

    @Override
    public boolean discard(UUID entryId) {
        return jdbc.update("discard outbox entry", "UPDATE outbox SET status = 'DISCARDED'"
                + " WHERE id = ? AND status IN ('PENDING', 'PARKED')", p -> p.uuid(entryId)) == 1;
    }

    @Override
    public int replayAll(Instant now) {
        int replayed = jdbc.update("replay outbox", "UPDATE outbox SET status = 'PENDING', next_attempt_at = ?"
                + " WHERE status IN ('PENDING', 'PARKED')", p -> p.instant(now));
        LOG.info("outbox replayed: {} pending and parked entries due now", replayed);
        return replayed;
    }

    @Override
    public long count(OutboxStatus status) {
        return jdbc.one("count outbox", "SELECT COUNT(*) AS entries FROM outbox WHERE status = ?",
                p -> p.text(status.name()), row -> row.bigint("entries")).orElse(0L);
    }

    @Override
    public long countRetrying() {
        return jdbc.one("count retrying outbox entries", "SELECT COUNT(*) AS entries FROM outbox WHERE status = 'PENDING' AND attempts > 0",
                Transaction.NO_PARAMS, row -> row.bigint("entries")).orElse(0L);
    }

    @Override
    public Optional<Instant> oldestPending() {
        return jdbc.one("oldest pending outbox entry", "SELECT MIN(created_at) AS oldest FROM outbox WHERE status = 'PENDING'",
                Transaction.NO_PARAMS, row -> row.optionalInstant("oldest")).flatMap(o -> o);
    }

    private static String requireName(String connector) {
        if (connector == null || connector.isBlank() || connector.length() > MAX_CONNECTOR || UNASSIGNED.equals(connector)) {
            throw new IllegalArgumentException("not a connector name: " + connector);
        }
        return connector;
    }

    private static int requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return limit;
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static OutboxEntry entry(Row row) throws SQLException {
        return new OutboxEntry(row.uuid("id"), row.uuid("call_log_id"), row.text("connector"),
                row.enumValue("status", OutboxStatus.class), row.integer("revision"), row.integer("attempts"),
                row.instant("created_at"), row.instant("next_attempt_at"), row.optionalText("last_error"),
                row.optionalText("crm_ref"), row.optionalInstant("delivered_at"));
    }
}
