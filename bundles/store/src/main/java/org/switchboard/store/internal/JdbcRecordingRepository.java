package org.switchboard.store.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingQuery;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingStatus;
import org.switchboard.api.recording.VoicemailCounts;

@Component(service = RecordingRepository.class)
public final class JdbcRecordingRepository implements RecordingRepository {
    private static final String COLUMNS = "call_id, kind, status, agent_id, group_id, from_party, to_party, started_at,"
            + " duration_millis, raw_path, playable_path, checksum, size_bytes, heard, error";
    private static final String SELECT = "SELECT id, " + COLUMNS + " FROM recordings";
    private static final String OLDEST_FIRST = " ORDER BY started_at, id";
    private static final int MAX_PARTY = 255;
    private static final int MAX_PATH = 1024;
    private static final int MAX_CHECKSUM = 100;
    private static final int MAX_ERROR = 1000;

    private final Jdbc jdbc;

    @Activate
    public JdbcRecordingRepository(@Reference(target = Database.DATA_SOURCE_TARGET) DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * Addresses and the error are display text, cut to their column rather than losing the
     * recording; a path or checksum that does not fit is a bug and refused.
     */
    @Override
    public void save(Recording recording) {
        requireFits("rawPath", recording.rawPath(), MAX_PATH);
        recording.playablePath().ifPresent(path -> requireFits("playablePath", path, MAX_PATH));
        recording.checksum().ifPresent(checksum -> requireFits("checksum", checksum, MAX_CHECKSUM));
        Transaction.Binder fields = p -> p.uuid(recording.callId()).text(recording.kind().name())
                .text(recording.status().name()).uuid(recording.agentId()).uuid(recording.groupId())
                .text(cut(recording.from(), MAX_PARTY)).text(cut(recording.to(), MAX_PARTY))
                .instant(recording.startedAt()).bigint(recording.duration().map(Duration::toMillis))
                .text(recording.rawPath()).text(recording.playablePath()).text(recording.checksum())
                .bigint(recording.sizeBytes()).bool(recording.heard())
                .text(recording.error().map(error -> cut(error, MAX_ERROR))).uuid(recording.id());
        jdbc.inTransaction("save recording", tx -> {
            int updated = tx.update("UPDATE recordings SET call_id = ?, kind = ?, status = ?, agent_id = ?,"
                    + " group_id = ?, from_party = ?, to_party = ?, started_at = ?, duration_millis = ?, raw_path = ?,"
                    + " playable_path = ?, checksum = ?, size_bytes = ?, heard = ?, error = ? WHERE id = ?", fields);
            if (updated == 0) {
                tx.update("INSERT INTO recordings (" + COLUMNS + ", id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", fields);
            }
            return null;
        });
    }

    @Override
    public Optional<Recording> find(UUID id) {
        return jdbc.one("find recording", SELECT + " WHERE id = ?", p -> p.uuid(id), JdbcRecordingRepository::recording);
    }

    @Override
    public List<Recording> forCall(UUID callId) {
        return jdbc.list("list recordings of call", SELECT + " WHERE call_id = ?" + OLDEST_FIRST,
                p -> p.uuid(callId), JdbcRecordingRepository::recording);
    }

    @Override
    public List<Recording> list(RecordingQuery query) {
        Filter filter = new Filter();
        query.kind().ifPresent(kind -> filter.where("kind = ?", p -> p.text(kind.name())));
        query.audience().ifPresent(audience -> filter.where(audience(audience), p -> {
            bindAll(p, audience.agentIds());
            bindAll(p, audience.groupIds());
        }));
        query.since().ifPresent(since -> filter.where("started_at >= ?", p -> p.instant(since)));
        query.until().ifPresent(until -> filter.where("started_at < ?", p -> p.instant(until)));
        if (query.unheardOnly()) {
            filter.where("heard = FALSE", Transaction.NO_PARAMS);
        }
        return jdbc.list("list recordings",
                SELECT + filter.sql() + " ORDER BY started_at DESC, id DESC FETCH FIRST ? ROWS ONLY",
                p -> filter.bind(p).integer(query.limit()), JdbcRecordingRepository::recording);
    }

    /** An agent's own recordings and voicemail, and the voicemail of their groups; nothing when both sets are empty. */
    private static String audience(RecordingQuery.Audience audience) {
        List<String> any = new ArrayList<>();
        if (!audience.agentIds().isEmpty()) {
            any.add("agent_id IN (" + placeholders(audience.agentIds().size()) + ")");
        }
        if (!audience.groupIds().isEmpty()) {
            any.add("(kind = 'VOICEMAIL' AND group_id IN (" + placeholders(audience.groupIds().size()) + "))");
        }
        return any.isEmpty() ? "1 = 0" : "(" + String.join(" OR ", any) + ")";
    }

    @Override
    public List<Recording> withStatus(RecordingStatus status, int limit) {
        return jdbc.list("list recordings by status",
                SELECT + " WHERE status = ?" + OLDEST_FIRST + " FETCH FIRST ? ROWS ONLY",
                p -> p.text(status.name()).integer(requirePositive(limit)), JdbcRecordingRepository::recording);
    }

    @Override
    public boolean markHeard(UUID id, boolean heard) {
        return jdbc.update("mark recording heard", "UPDATE recordings SET heard = ? WHERE id = ?",
                p -> p.bool(heard).uuid(id)) > 0;
    }

    @Override
    public boolean delete(UUID id) {
        return jdbc.update("delete recording", "DELETE FROM recordings WHERE id = ?", p -> p.uuid(id)) > 0;
    }

    @Override
    public List<Recording> startedBefore(Instant instant, int limit) {
        return jdbc.list("list recordings started before",
                SELECT + " WHERE started_at < ?" + OLDEST_FIRST + " FETCH FIRST ? ROWS ONLY",
                p -> p.instant(instant).integer(requirePositive(limit)), JdbcRecordingRepository::recording);
    }

    /** Only playable voicemail counts: a message still being recorded or encoded lights no lamp yet. */
    @Override
    public VoicemailCounts voicemailCounts(UUID agentId, Collection<UUID> groupIds) {
        Set<UUID> groups = Set.copyOf(groupIds);
        String groupClause = groups.isEmpty() ? "" : " OR group_id IN (" + placeholders(groups.size()) + ")";
        return jdbc.inTransaction("count voicemail", tx -> {
            int[] counts = new int[2];
            tx.list("SELECT heard, COUNT(*) AS messages FROM recordings"
                            + " WHERE kind = 'VOICEMAIL' AND status = 'READY' AND (agent_id = ?" + groupClause + ")"
                            + " GROUP BY heard",
                    p -> bindAll(p.uuid(agentId), groups),
                    row -> counts[row.bool("heard") ? 1 : 0] = row.integer("messages"));
            return new VoicemailCounts(counts[0], counts[1]);
        });
    }

    private static Params bindAll(Params params, Collection<UUID> ids) throws SQLException {
        for (UUID id : ids) {
            params.uuid(id);
        }
        return params;
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static int requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return limit;
    }

    private static void requireFits(String field, String value, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException("recording " + field + " is longer than " + max + " characters");
        }
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static Recording recording(Row row) throws SQLException {
        return new Recording(row.uuid("id"), row.uuid("call_id"), row.enumValue("kind", RecordingKind.class),
                row.enumValue("status", RecordingStatus.class), row.optionalUuid("agent_id"),
                row.optionalUuid("group_id"), row.text("from_party"), row.text("to_party"), row.instant("started_at"),
                row.optionalBigint("duration_millis").map(Duration::ofMillis), row.text("raw_path"),
                row.optionalText("playable_path"), row.optionalText("checksum"), row.bigint("size_bytes"),
                row.bool("heard"), row.optionalText("error"));
    }

    /** WHERE conditions and their parameters, bound in the order they were added. */
    private static final class Filter {
        private final List<String> conditions = new ArrayList<>();
        private final List<Transaction.Binder> binders = new ArrayList<>();

        void where(String condition, Transaction.Binder binder) {
            conditions.add(condition);
            binders.add(binder);
        }

        String sql() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        Params bind(Params params) throws SQLException {
            for (Transaction.Binder binder : binders) {
                binder.bind(params);
            }
            return params;
        }
    }
}
