package org.switchboard.store.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingStatus;

@Component(service = RecordingRepository.class)
public final class JdbcRecordingRepository implements RecordingRepository {
    private static final String COLUMNS =
            "call_id, agent_id, kind, status, started_at, duration_millis, raw_path, playable_path";
    private static final String SELECT = "SELECT id, " + COLUMNS + " FROM recordings";

    private final Jdbc jdbc;

    @Activate
    public JdbcRecordingRepository(@Reference(target = Database.DATA_SOURCE_TARGET) DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void save(Recording recording) {
        Transaction.Binder fields = p -> p.uuid(recording.callId()).uuid(recording.agentId())
                .text(recording.kind().name()).text(recording.status().name()).instant(recording.startedAt())
                .bigint(recording.duration().map(Duration::toMillis)).text(recording.rawPath())
                .text(recording.playablePath()).uuid(recording.id());
        jdbc.inTransaction("save recording", tx -> {
            int updated = tx.update("UPDATE recordings SET call_id = ?, agent_id = ?, kind = ?, status = ?,"
                    + " started_at = ?, duration_millis = ?, raw_path = ?, playable_path = ? WHERE id = ?", fields);
            if (updated == 0) {
                tx.update("INSERT INTO recordings (" + COLUMNS + ", id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", fields);
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
        return jdbc.list("list recordings of call", SELECT + " WHERE call_id = ? ORDER BY started_at, id",
                p -> p.uuid(callId), JdbcRecordingRepository::recording);
    }

    @Override
    public List<Recording> list(org.switchboard.api.recording.RecordingQuery query) {
        throw new UnsupportedOperationException("issue 14: store helper");
    }

    @Override
    public List<Recording> withStatus(RecordingStatus status, int limit) {
        throw new UnsupportedOperationException("issue 14: store helper");
    }

    @Override
    public boolean markHeard(UUID id, boolean heard) {
        throw new UnsupportedOperationException("issue 14: store helper");
    }

    @Override
    public boolean delete(UUID id) {
        throw new UnsupportedOperationException("issue 14: store helper");
    }

    @Override
    public List<Recording> startedBefore(java.time.Instant instant, int limit) {
        throw new UnsupportedOperationException("issue 14: store helper");
    }

    @Override
    public org.switchboard.api.recording.VoicemailCounts voicemailCounts(UUID agentId, java.util.Collection<UUID> groupIds) {
        throw new UnsupportedOperationException("issue 14: store helper");
    }

    private static Recording recording(Row row) throws SQLException {
        return new Recording(row.uuid("id"), row.uuid("call_id"), row.enumValue("kind", RecordingKind.class),
                row.enumValue("status", RecordingStatus.class), row.optionalUuid("agent_id"), Optional.empty(), "", "",
                row.instant("started_at"), row.optionalBigint("duration_millis").map(Duration::ofMillis),
                row.text("raw_path"), row.optionalText("playable_path"), Optional.empty(), 0, false, Optional.empty());
    }
}
