package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.OutboxStatus;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingStatus;

class MigrationsTest {
    private static final List<String> TABLES = List.of("agents", "devices", "numbers", "groups", "group_members",
            "agent_settings", "sessions", "call_logs", "outbox", "recordings", "registrations", "sip_credentials");

    @OnBothDatabases
    void migrationsCreateEveryTableOnAnEmptyDatabase(TestDatabase db) throws SQLException {
        DataSource empty = db.emptyDatabase();

        int applied = Migrations.migrate(empty);

        assertThat(applied).isGreaterThanOrEqualTo(1);
        for (String table : TABLES) {
            assertThat(rowCount(empty, table)).as(table).isZero();
        }
        assertThat(successfulVersions(empty)).contains("1", "3", "4", "5", "6", "7");
    }

    @OnBothDatabases
    void migratingAgainChangesNothing(TestDatabase db) throws SQLException {
        DataSource empty = db.emptyDatabase();
        Migrations.migrate(empty);
        List<String> versions = successfulVersions(empty);

        int appliedAgain = Migrations.migrate(empty);

        assertThat(appliedAgain).isZero();
        assertThat(successfulVersions(empty)).isEqualTo(versions);
    }

    @OnBothDatabases
    void callersContextClassLoaderIsRestored(TestDatabase db) {
        ClassLoader callers = new URLClassLoader(new URL[0], null);
        Thread.currentThread().setContextClassLoader(callers);
        try {
            Migrations.migrate(db.emptyDatabase());

            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(callers);
        } finally {
            Thread.currentThread().setContextClassLoader(MigrationsTest.class.getClassLoader());
        }
    }

    @OnBothDatabases
    void recordingsAndCallLogsStoredBeforeV7AreReadableAndLinkableAfterIt(TestDatabase db) {
        DataSource dataSource = db.emptyDatabase();
        Migrations.migrate(dataSource, MigrationVersion.fromVersion("6"));
        UUID recordingId = UUID.randomUUID();
        UUID callId = UUID.randomUUID();
        UUID agentId = UUID.randomUUID();
        TestDatabase.execute(dataSource, List.of(
                "INSERT INTO recordings (id, call_id, agent_id, kind, status, started_at, duration_millis, raw_path,"
                        + " playable_path) VALUES ('" + recordingId + "', '" + callId + "', '" + agentId + "', 'CALL',"
                        + " 'READY', TIMESTAMP WITH TIME ZONE '2025-03-01 09:00:00+00', 61250, '/raw/a.wav', '/a.mp3')",
                "INSERT INTO call_logs (id, direction, from_address, to_address, agent_id, started_at, ended_at,"
                        + " talk_time_millis, disposition, subject, notes, recording_ids) VALUES ('" + callId + "',"
                        + " 'INBOUND', '+15551230001', '+15550100', '" + agentId + "',"
                        + " TIMESTAMP WITH TIME ZONE '2025-03-01 09:00:00+00',"
                        + " TIMESTAMP WITH TIME ZONE '2025-03-01 09:01:05+00', 60000, 'ANSWERED', 'Inbound call',"
                        + " 'Agent notes', '" + recordingId + "')",
                "INSERT INTO outbox (id, call_log_id, connector, status, revision, attempts, created_at,"
                        + " next_attempt_at, crm_ref, delivered_at) VALUES ('" + UUID.randomUUID() + "', '" + callId
                        + "', 'local', 'DELIVERED', 3, 1, TIMESTAMP WITH TIME ZONE '2025-03-01 09:01:05+00',"
                        + " TIMESTAMP WITH TIME ZONE '2025-03-01 09:01:05+00', 'local:Task:9',"
                        + " TIMESTAMP WITH TIME ZONE '2025-03-01 09:01:06+00')",
                "INSERT INTO outbox_subscribers (connector, subscribed_at)"
                        + " VALUES ('local', TIMESTAMP WITH TIME ZONE '2025-03-01 08:00:00+00')"));

        assertThat(Migrations.migrate(dataSource)).isEqualTo(1);

        Recording recording = new JdbcRecordingRepository(dataSource).find(recordingId).orElseThrow();
        assertThat(recording).isEqualTo(new Recording(recordingId, callId, RecordingKind.CALL, RecordingStatus.READY,
                Optional.of(agentId), Optional.empty(), "", "", Instant.parse("2025-03-01T09:00:00Z"),
                Optional.of(Duration.ofMillis(61_250)), "/raw/a.wav", Optional.of("/a.mp3"), Optional.empty(), 0, false,
                Optional.empty()));
        JdbcCallLogRepository logs = new JdbcCallLogRepository(dataSource, Clock.systemUTC());
        CallLog log = logs.find(callId).orElseThrow();
        assertThat(log.recordingIds()).containsExactly(recordingId);
        assertThat(log.recordings()).isEmpty();

        RecordingLink link = new RecordingLink(recordingId, RecordingKind.CALL,
                URI.create("https://pbx.example.com/api/v1/recordings/" + recordingId + "/audio?sig=x"),
                Duration.ofMillis(61_250));
        assertThat(logs.attachRecording(callId, link)).isTrue();
        assertThat(logs.find(callId).orElseThrow()).isEqualTo(log.withRecording(link));
        assertThat(new JdbcOutbox(dataSource).deliveries(callId)).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo(OutboxStatus.PENDING);
            assertThat(entry.revision()).isEqualTo(4);
            assertThat(entry.crmRef()).contains("local:Task:9");
        });
    }

    private static long rowCount(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> successfulVersions(DataSource dataSource) throws SQLException {
        // Flyway creates the history table with quoted lower-case names on both databases
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE ORDER BY \"installed_rank\"")) {
            List<String> versions = new ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
            return versions;
        }
    }
}
