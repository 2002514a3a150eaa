package org.switchboard.store.internal;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
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
import org.switchboard.api.calllog.RecordingLink;

@Component(service = CallLogRepository.class)
public final class JdbcCallLogRepository implements CallLogRepository {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcCallLogRepository.class);
    /** Time-ordered (UUIDv7): each new delivery row lands at the end of the outbox's B-tree, not on a random page. */
    private static final TimeBasedEpochGenerator OUTBOX_IDS = Generators.timeBasedEpochGenerator();
    private static final String COLUMNS = "direction, from_address, to_address, agent_id, started_at, answered_at,"
            + " ended_at, talk_time_millis, disposition, subject, notes, contact_id, related_item_id, recording_ids,"
            + " recording_links";
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
     * Links attached meanwhile are kept: the REST edit reads the log, applies the agent's input and
     * saves it, and a recording attached between the read and the save must not vanish from the
     * Task. Links are only ever added, so a stored link the saved log lacks was attached later.
     */
    @Override
    public void saveAndQueue(CallLog log) {
        saveAllAndQueue(List.of(log));
    }

    /**
     * One transaction, one commit for all: a commit is the store's dearest operation (PostgreSQL
     * flushes its log; H2 serializes pages), so at a few hundred calls a second commits per log would
     * be the store's cost.
     */
    @Override
    public void saveAllAndQueue(List<CallLog> logs) {
        if (logs.isEmpty()) {
            return;
        }
        jdbc.inTransaction("save call logs", tx -> {
            List<String> connectors = deliveryConnectors(tx);
            for (CallLog log : logs) {
                save(tx, log, connectors);
            }
            return null;
        });
        LOG.debug("call logs queued: {}", logs.size());
    }

    private void save(Transaction tx, CallLog log, List<String> connectors) throws SQLException {
        // most saves are a call's first (its end): asked without FOR UPDATE first, because H2 parses a
        // locking query on every execution and keeps plain ones parsed (and locking a row that does not
        // exist locks nothing anyway: two first saves racing still meet at the primary key)
        boolean exists = tx.one("SELECT 1 FROM call_logs WHERE id = ?", p -> p.uuid(log.id()), row -> true)
                .isPresent();
        Optional<CallLog> stored = exists ? tx.one(SELECT + " WHERE id = ? FOR UPDATE", p -> p.uuid(log.id()),
                JdbcCallLogRepository::callLog) : Optional.empty();
        CallLog merged = stored.map(previous -> withLinksAttachedMeanwhile(log, previous)).orElse(log);
        Transaction.Binder fields = p -> bind(p, merged).uuid(merged.id());
        if (stored.isPresent()) {
            tx.update("UPDATE call_logs SET direction = ?, from_address = ?, to_address = ?, agent_id = ?,"
                    + " started_at = ?, answered_at = ?, ended_at = ?, talk_time_millis = ?, disposition = ?,"
                    + " subject = ?, notes = ?, contact_id = ?, related_item_id = ?, recording_ids = ?,"
                    + " recording_links = ? WHERE id = ?", fields);
            for (String connector : connectors) {
                queue(tx, log.id(), connector);
            }
        } else {
            tx.update("INSERT INTO call_logs (" + COLUMNS + ", id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", fields);
            // a new log has no deliveries yet (they go with it: ON DELETE CASCADE), nothing to queue again
            for (String connector : connectors) {
                insertDelivery(tx, log.id(), connector);
            }
        }
    }

    /**
     * Changes only the log's links (and recording ids), and queues it again exactly as an edit
     * does, so each CRM amends the activity it made.
     */
    @Override
    public boolean attachRecording(UUID callLogId, RecordingLink link) {
        boolean attached = jdbc.inTransaction("attach recording to call log", tx -> {
            Optional<CallLog> stored = tx.one(SELECT + " WHERE id = ? FOR UPDATE", p -> p.uuid(callLogId),
                    JdbcCallLogRepository::callLog);
            if (stored.isEmpty()) {
                return false;
            }
            CallLog linked = stored.get().withRecording(link);
            tx.update("UPDATE call_logs SET recording_ids = ?, recording_links = ? WHERE id = ?",
                    p -> p.text(recordingIds(linked)).text(RecordingLinks.encode(linked.recordings())).uuid(callLogId));
            for (String connector : deliveryConnectors(tx)) {
                queue(tx, callLogId, connector);
            }
            return true;
        });
        if (attached) {
            LOG.debug("recording linked to call log: call={} recording={}", callLogId, link.recordingId());
        }
        return attached;
    }

    private static CallLog withLinksAttachedMeanwhile(CallLog log, CallLog previous) {
        CallLog merged = log;
        for (RecordingLink link : previous.recordings()) {
            boolean known = log.recordings().stream().anyMatch(l -> l.recordingId().equals(link.recordingId()));
            if (!known) {
                merged = merged.withRecording(link);
            }
        }
        return merged;
    }

    /**
     * One delivery per subscribed connector (or one unassigned, while none has subscribed).
     * Queueing again re-queues the same deliveries with the next revision and keeps their CRM
     * reference, so the connector amends the activity it made instead of making another.
     */
    private static List<String> deliveryConnectors(Transaction tx) throws SQLException {
        List<String> connectors = tx.list("SELECT connector FROM outbox_subscribers", Transaction.NO_PARAMS,
                row -> row.text("connector"));
        return connectors.isEmpty() ? List.of(JdbcOutbox.UNASSIGNED) : connectors;
    }

    private void queue(Transaction tx, UUID callLogId, String connector) throws SQLException {
        var now = clock.instant();
        int requeued = tx.update("UPDATE outbox SET status = 'PENDING', revision = revision + 1, attempts = 0,"
                + " next_attempt_at = ?, last_error = NULL WHERE call_log_id = ? AND connector = ?",
                p -> p.instant(now).uuid(callLogId).text(connector));
        if (requeued == 0) {
            insertDelivery(tx, callLogId, connector);
        }
    }

    private void insertDelivery(Transaction tx, UUID callLogId, String connector) throws SQLException {
        var now = clock.instant();
        tx.update("INSERT INTO outbox (id, call_log_id, connector, status, revision, attempts, created_at,"
                + " next_attempt_at) VALUES (?, ?, ?, 'PENDING', 0, 0, ?, ?)",
                p -> p.uuid(OUTBOX_IDS.generate()).uuid(callLogId).text(connector).instant(now).instant(now));
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
                .text(recordingIds(log)).text(RecordingLinks.encode(log.recordings()));
    }

    private static String recordingIds(CallLog log) {
        return log.recordingIds().stream().map(UUID::toString).collect(Collectors.joining(","));
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
                row.optionalText("related_item_id"), recordingIds, links(row));
    }

    private static List<RecordingLink> links(Row row) throws SQLException {
        try {
            return RecordingLinks.decode(row.text("recording_links"));
        } catch (IllegalArgumentException e) {
            throw new SQLException("call log " + row.uuid("id") + " holds an unreadable recording link", e);
        }
    }
}
