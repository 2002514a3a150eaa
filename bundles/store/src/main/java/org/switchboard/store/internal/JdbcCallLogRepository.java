package org.switchboard.store.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Disposition;

@Component(service = CallLogRepository.class)
public final class JdbcCallLogRepository implements CallLogRepository {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcCallLogRepository.class);
    private static final String COLUMNS = "direction, from_address, to_address, agent_id, started_at, answered_at,"
            + " ended_at, talk_time_millis, disposition, subject, notes, contact_id, related_item_id, recording_ids";
    private static final String SELECT = "SELECT id, " + COLUMNS + " FROM call_logs";

    private final Jdbc jdbc;
    private final Clock clock;

    @Activate
    public JdbcCallLogRepository(@Reference(target = Database.DATA_SOURCE_TARGET) DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    public JdbcCallLogRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /**
     * Queues one delivery per subscribed connector (or one unassigned, while none has subscribed).
     * Saving again re-queues the same deliveries with the next revision and keeps their CRM
     * reference, so the connector amends the activity it made instead of making another.
     */
    @Override
    public boolean attachRecording(UUID callLogId, org.switchboard.api.calllog.RecordingLink link) {
        throw new UnsupportedOperationException("issue 14: store helper");
    }

    @Override
    public void saveAndQueue(CallLog log) {
        Transaction.Binder fields = p -> bind(p, log).uuid(log.id());
        jdbc.inTransaction("save call log", tx -> {
            int updated = tx.update("UPDATE call_logs SET direction = ?, from_address = ?, to_address = ?, agent_id = ?,"
                    + " started_at = ?, answered_at = ?, ended_at = ?, talk_time_millis = ?, disposition = ?,"
                    + " subject = ?, notes = ?, contact_id = ?, related_item_id = ?, recording_ids = ?"
                    + " WHERE id = ?", fields);
            if (updated == 0) {
                tx.update("INSERT INTO call_logs (" + COLUMNS + ", id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        fields);
            }
            List<String> connectors = tx.list("SELECT connector FROM outbox_subscribers", Transaction.NO_PARAMS,
                    row -> row.text("connector"));
            for (String connector : connectors.isEmpty() ? List.of(JdbcOutbox.UNASSIGNED) : connectors) {
                queue(tx, log.id(), connector);
            }
            return null;
        });
        LOG.debug("call log queued: call={}", log.id());
    }

    private void queue(Transaction tx, UUID callLogId, String connector) throws SQLException {
        var now = clock.instant();
        int requeued = tx.update("UPDATE outbox SET status = 'PENDING', revision = revision + 1, attempts = 0,"
                + " next_attempt_at = ?, last_error = NULL WHERE call_log_id = ? AND connector = ?",
                p -> p.instant(now).uuid(callLogId).text(connector));
        if (requeued == 0) {
            tx.update("INSERT INTO outbox (id, call_log_id, connector, status, revision, attempts, created_at,"
                    + " next_attempt_at) VALUES (?, ?, ?, 'PENDING', 0, 0, ?, ?)",
                    p -> p.uuid(UUID.randomUUID()).uuid(callLogId).text(connector).instant(now).instant(now));
        }
    }

    @Override
    public Optional<CallLog> find(UUID id) {
        return jdbc.one("find call log", SELECT + " WHERE id = ?", p -> p.uuid(id), JdbcCallLogRepository::callLog);
    }

    @Override
    public List<CallLog> list(CallLogQuery query) {
        String page = " ORDER BY started_at DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        if (query.agentId().isPresent()) {
            return jdbc.list("list call logs", SELECT + " WHERE agent_id = ?" + page,
                    p -> p.uuid(query.agentId().get()).integer(query.offset()).integer(query.limit()),
                    JdbcCallLogRepository::callLog);
        }
        return jdbc.list("list call logs", SELECT + page, p -> p.integer(query.offset()).integer(query.limit()),
                JdbcCallLogRepository::callLog);
    }

    private static Params bind(Params p, CallLog log) throws SQLException {
        return p.text(log.direction().name()).text(log.from()).text(log.to()).uuid(log.agentId())
                .instant(log.startedAt()).instant(log.answeredAt()).instant(log.endedAt())
                .bigint(log.talkTime().toMillis()).text(log.disposition().name()).text(log.subject()).text(log.notes())
                .text(log.contactId()).text(log.relatedItemId())
                .text(log.recordingIds().stream().map(UUID::toString).collect(Collectors.joining(",")));
    }

    private static CallLog callLog(Row row) throws SQLException {
        String recordings = row.text("recording_ids");
        List<UUID> recordingIds = recordings.isEmpty()
                ? List.of()
                : Arrays.stream(recordings.split(",")).map(UUID::fromString).toList();
        return new CallLog(row.uuid("id"), row.enumValue("direction", CallDirection.class), row.text("from_address"),
                row.text("to_address"), row.optionalUuid("agent_id"), row.instant("started_at"),
                row.optionalInstant("answered_at"), row.instant("ended_at"),
                Duration.ofMillis(row.bigint("talk_time_millis")), row.enumValue("disposition", Disposition.class),
                row.text("subject"), row.text("notes"), row.optionalText("contact_id"),
                row.optionalText("related_item_id"), recordingIds);
    }
}
