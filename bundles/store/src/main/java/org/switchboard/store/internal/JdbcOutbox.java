package org.switchboard.store.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
    private static final int MAX_ERROR = 2000;
    private static final int MAX_CRM_REF = 1024;
    private static final String SELECT = "SELECT id, call_log_id, status, attempts, created_at, next_attempt_at,"
            + " last_error, crm_ref, delivered_at FROM outbox";

    private final Jdbc jdbc;

    @Activate
    public JdbcOutbox(@Reference(target = Database.DATA_SOURCE_TARGET) DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public List<OutboxEntry> due(Instant now, int limit) {
        return jdbc.list("read due outbox entries", SELECT + " WHERE status = 'PENDING' AND next_attempt_at <= ?"
                        + " ORDER BY created_at, id FETCH FIRST ? ROWS ONLY",
                p -> p.instant(now).integer(requirePositive(limit)), JdbcOutbox::entry);
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

    /** Unknown entries are ignored: the dispatcher only marks entries it read from {@link #due}. */
    @Override
    public void markDelivered(UUID entryId, String crmRef, Instant at) {
        jdbc.update("mark outbox entry delivered",
                "UPDATE outbox SET status = 'DELIVERED', crm_ref = ?, delivered_at = ? WHERE id = ?",
                p -> p.text(truncate(crmRef, MAX_CRM_REF)).instant(at).uuid(entryId));
    }

    /** Only pending entries change: a late failure report never undoes a delivery. */
    @Override
    public void markFailed(UUID entryId, String error, Instant nextAttemptAt) {
        jdbc.update("mark outbox entry failed", "UPDATE outbox SET attempts = attempts + 1, last_error = ?,"
                        + " next_attempt_at = ? WHERE id = ? AND status = 'PENDING'",
                p -> p.text(truncate(error, MAX_ERROR)).instant(nextAttemptAt).uuid(entryId));
    }

    @Override
    public int replayAll(Instant now) {
        int replayed = jdbc.update("replay outbox", "UPDATE outbox SET next_attempt_at = ? WHERE status = 'PENDING'",
                p -> p.instant(now));
        LOG.info("outbox replayed: {} pending entries due now", replayed);
        return replayed;
    }

    @Override
    public long count(OutboxStatus status) {
        return jdbc.one("count outbox", "SELECT COUNT(*) AS entries FROM outbox WHERE status = ?",
                p -> p.text(status.name()), row -> row.bigint("entries")).orElse(0L);
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
        return new OutboxEntry(row.uuid("id"), row.uuid("call_log_id"), row.enumValue("status", OutboxStatus.class),
                row.integer("attempts"), row.instant("created_at"), row.instant("next_attempt_at"),
                row.optionalText("last_error"), row.optionalText("crm_ref"), row.optionalInstant("delivered_at"));
    }
}
