package org.switchboard.store.internal;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.store.internal.Fixtures.T0;
import static org.switchboard.store.internal.Fixtures.answeredCall;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogUpdate;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.calllog.OutboxEntry;
import org.switchboard.api.calllog.OutboxStatus;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.api.recording.RecordingKind;

class JdbcCallLogRepositoryTest {
    private final MutableClock clock = new MutableClock(T0.plusSeconds(120));

    @OnBothDatabases
    void savedLogIsQueuedAsExactlyOnePendingEntry(TestDatabase db) {
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        outbox.subscribe("local");
        CallLog log = answeredCall(UUID.randomUUID(), Optional.of(UUID.randomUUID()), T0);

        logs.saveAndQueue(log);

        assertThat(logs.find(log.id())).contains(log);
        assertThat(outbox.count(OutboxStatus.PENDING)).isEqualTo(1);
        List<OutboxEntry> due = outbox.due("local", clock.instant(), 10);
        assertThat(due).singleElement().satisfies(entry -> {
            assertThat(entry.callLogId()).isEqualTo(log.id());
            assertThat(entry.attempts()).isZero();
            assertThat(entry.createdAt()).isEqualTo(clock.instant());
            assertThat(entry.crmRef()).isEmpty();
        });
    }

    @OnBothDatabases
    void aBatchOfLogsIsStoredAndQueuedTogether(TestDatabase db) {
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        outbox.subscribe("local");
        outbox.subscribe("salesforce");
        CallLog earlier = answeredCall(UUID.randomUUID(), Optional.empty(), T0);
        logs.saveAndQueue(earlier);
        OutboxEntry delivered = outbox.due("local", clock.instant(), 10).get(0);
        outbox.markDelivered(delivered.id(), delivered.revision(), "local:Task:1", clock.instant());
        List<CallLog> batch = IntStream.range(0, 5)
                .mapToObj(i -> answeredCall(UUID.randomUUID(), Optional.empty(), T0.plusSeconds(i + 1)))
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        CallLog edited = earlier.withAgentInput(new CallLogUpdate(Optional.of("Edited"), Optional.empty(),
                Optional.empty(), Optional.empty()));
        batch.add(edited);

        logs.saveAllAndQueue(batch);

        assertThat(logs.list(new CallLogQuery(Optional.empty(), 0, 10))).hasSize(6).contains(edited);
        for (String connector : List.of("local", "salesforce")) {
            assertThat(outbox.due(connector, clock.instant(), 10)).extracting(OutboxEntry::callLogId)
                    .containsExactlyInAnyOrderElementsOf(batch.stream().map(CallLog::id).toList());
        }
        // the edited log went out again as the next revision of its delivery, not as a new one
        assertThat(outbox.deliveries(earlier.id())).filteredOn(e -> e.connector().equals("local")).singleElement()
                .satisfies(e -> assertThat(e.revision()).isEqualTo(delivered.revision() + 1))
                .satisfies(e -> assertThat(e.crmRef()).contains("local:Task:1"));
    }

    @OnBothDatabases
    void aBatchWithALogTheDatabaseRefusesStoresNoneOfIt(TestDatabase db) {
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        CallLog good = answeredCall(UUID.randomUUID(), Optional.empty(), T0);
        CallLog base = answeredCall(UUID.randomUUID(), Optional.empty(), T0);
        CallLog tooLong = new CallLog(base.id(), base.direction(), "+1".repeat(200), base.to(), base.agentId(),
                base.startedAt(), base.answeredAt(), base.endedAt(), base.talkTime(), base.disposition(), base.subject(),
                base.notes(), base.contactId(), base.relatedItemId(), List.of());

        assertThatThrownBy(() -> logs.saveAllAndQueue(List.of(good, tooLong))).isInstanceOf(StoreException.class);

        assertThat(logs.find(good.id())).isEmpty();
        assertThat(outbox.count(OutboxStatus.PENDING)).isZero();
    }

    @OnBothDatabases
    void savingTheSameCallAgainReplacesTheLogAndQueuesItAgain(TestDatabase db) {
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        outbox.subscribe("local");
        CallLog log = answeredCall(UUID.randomUUID(), Optional.empty(), T0);
        logs.saveAndQueue(log);
        OutboxEntry first = outbox.due("local", clock.instant(), 10).get(0);
        outbox.markDelivered(first.id(), first.revision(), "local:Task:1", clock.instant());

        CallLog edited = log.withAgentInput(new CallLogUpdate(Optional.of("Refund request"),
                Optional.of("Wants a refund"), Optional.of("contact-7"), Optional.of("case-3")));
        clock.advance(Duration.ofMinutes(1));
        logs.saveAndQueue(edited);

        assertThat(logs.find(log.id())).contains(edited);
        assertThat(logs.list(new CallLogQuery(Optional.empty(), 0, 10))).containsExactly(edited);
        assertThat(outbox.count(OutboxStatus.DELIVERED)).isZero();
        assertThat(outbox.due("local", clock.instant(), 10)).singleElement()
                .satisfies(entry -> assertThat(entry.callLogId()).isEqualTo(log.id()))
                .satisfies(entry -> assertThat(entry.id()).isEqualTo(first.id()))
                .satisfies(entry -> assertThat(entry.revision()).isEqualTo(first.revision() + 1))
                .satisfies(entry -> assertThat(entry.crmRef()).contains("local:Task:1"));
    }

    @OnBothDatabases
    void everyFieldSurvivesTheRoundTrip(TestDatabase db) {
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        CallLog full = new CallLog(UUID.randomUUID(), CallDirection.OUTBOUND, "1001", "+15551230002",
                Optional.of(UUID.randomUUID()), T0, Optional.of(T0.plusMillis(4_321)), T0.plusSeconds(300),
                Duration.ofMillis(295_679), Disposition.VOICEMAIL, "Follow-up", "n".repeat(CallLog.MAX_NOTES),
                Optional.of("003xx"), Optional.of("500yy"), List.of(UUID.randomUUID(), UUID.randomUUID()))
                .withRecording(link(RecordingKind.CALL, Duration.ofMillis(125_400)))
                .withRecording(link(RecordingKind.VOICEMAIL, Duration.ofSeconds(42)));
        CallLog sparse = new CallLog(UUID.randomUUID(), CallDirection.INTERNAL, "1001", "1002", Optional.empty(), T0,
                Optional.empty(), T0.plusSeconds(20), Duration.ZERO, Disposition.MISSED, "", "", Optional.empty(),
                Optional.empty(), List.of());

        logs.saveAndQueue(full);
        logs.saveAndQueue(sparse);

        assertThat(full.recordings()).hasSize(2);
        assertThat(logs.find(full.id())).contains(full);
        assertThat(logs.find(sparse.id())).contains(sparse);
        assertThat(logs.find(UUID.randomUUID())).isEmpty();
    }

    @OnBothDatabases
    void listIsNewestFirstPagedAndOptionallyForOneAgent(TestDatabase db) {
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        CallLog first = answeredCall(UUID.randomUUID(), Optional.of(alice), T0);
        CallLog second = answeredCall(UUID.randomUUID(), Optional.of(bob), T0.plusSeconds(60));
        CallLog third = answeredCall(UUID.randomUUID(), Optional.of(alice), T0.plusSeconds(120));
        logs.saveAndQueue(second);
        logs.saveAndQueue(first);
        logs.saveAndQueue(third);

        assertThat(logs.list(new CallLogQuery(Optional.empty(), 0, 10))).containsExactly(third, second, first);
        assertThat(logs.list(new CallLogQuery(Optional.empty(), 1, 1))).containsExactly(second);
        assertThat(logs.list(new CallLogQuery(Optional.of(alice), 0, 10))).containsExactly(third, first);
        assertThat(logs.list(new CallLogQuery(Optional.of(bob), 1, 10))).isEmpty();
    }

    @OnBothDatabases
    void logIsNotStoredWhenItCannotBeQueued(TestDatabase db) {
        DataSource dataSource = db.emptyDatabase();
        Migrations.migrate(dataSource);
        // make every outbox insert fail, as a full disk or a dropped connection would
        TestDatabase.execute(dataSource, List.of("ALTER TABLE outbox ADD CONSTRAINT refuse_all CHECK (attempts < 0)"));
        JdbcCallLogRepository logs = new JdbcCallLogRepository(dataSource, clock);
        CallLog log = answeredCall(UUID.randomUUID(), Optional.empty(), T0);

        assertThatThrownBy(() -> logs.saveAndQueue(log)).isInstanceOf(StoreException.class);

        assertThat(logs.find(log.id())).isEmpty();
    }

    @OnBothDatabases
    void attachingARecordingAmendsEveryDeliveredTaskAndKeepsTheAgentsInput(TestDatabase db) {
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        outbox.subscribe("local");
        outbox.subscribe("salesforce");
        UUID earlierRecording = UUID.randomUUID();
        CallLog log = new CallLog(UUID.randomUUID(), CallDirection.INBOUND, "+15551230001", "+15550100",
                Optional.of(UUID.randomUUID()), T0, Optional.empty(), T0.plusSeconds(30), Duration.ZERO,
                Disposition.VOICEMAIL, "Missed call", "Call back after 3 pm", Optional.of("003xx"), Optional.empty(),
                List.of(earlierRecording));
        logs.saveAndQueue(log);
        for (OutboxEntry entry : outbox.deliveries(log.id())) {
            outbox.markDelivered(entry.id(), entry.revision(), entry.connector() + ":Task:1", clock.instant());
        }
        List<OutboxEntry> delivered = outbox.deliveries(log.id());
        assertThat(delivered).hasSize(2).allMatch(entry -> entry.status() == OutboxStatus.DELIVERED);
        clock.advance(Duration.ofMinutes(2));
        RecordingLink voicemail = link(RecordingKind.VOICEMAIL, Duration.ofSeconds(42));

        assertThat(logs.attachRecording(log.id(), voicemail)).isTrue();

        CallLog stored = logs.find(log.id()).orElseThrow();
        assertThat(stored.recordings()).containsExactly(voicemail);
        assertThat(stored.recordingIds()).containsExactly(earlierRecording, voicemail.recordingId());
        assertThat(stored).isEqualTo(log.withRecording(voicemail));
        assertThat(outbox.deliveries(log.id())).hasSize(2).allSatisfy(entry -> {
            OutboxEntry before = delivered.stream().filter(d -> d.id().equals(entry.id())).findFirst().orElseThrow();
            assertThat(entry.status()).isEqualTo(OutboxStatus.PENDING);
            assertThat(entry.revision()).isEqualTo(before.revision() + 1);
            assertThat(entry.crmRef()).contains(entry.connector() + ":Task:1");
            assertThat(entry.nextAttemptAt()).isEqualTo(clock.instant());
        });
        assertThat(outbox.due("local", clock.instant(), 10)).singleElement()
                .satisfies(entry -> assertThat(entry.callLogId()).isEqualTo(log.id()));
        assertThat(outbox.due("salesforce", clock.instant(), 10)).hasSize(1);
    }

    @OnBothDatabases
    void attachingTheSameRecordingAgainReplacesItsLink(TestDatabase db) {
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        CallLog log = answeredCall(UUID.randomUUID(), Optional.empty(), T0);
        logs.saveAndQueue(log);
        RecordingLink call = link(RecordingKind.CALL, Duration.ofSeconds(60));
        RecordingLink voicemail = link(RecordingKind.VOICEMAIL, Duration.ofSeconds(5));
        RecordingLink reSigned = new RecordingLink(call.recordingId(), RecordingKind.CALL,
                URI.create("https://pbx.example.com/api/v1/recordings/" + call.recordingId() + "/audio?sig=new"),
                Duration.ofSeconds(61));

        logs.attachRecording(log.id(), call);
        logs.attachRecording(log.id(), voicemail);
        logs.attachRecording(log.id(), reSigned);

        CallLog stored = logs.find(log.id()).orElseThrow();
        assertThat(stored.recordings()).containsExactly(voicemail, reSigned);
        assertThat(stored.recordingIds()).containsExactly(call.recordingId(), voicemail.recordingId());
    }

    @OnBothDatabases
    void attachingToALogThatIsNotStoredAnswersFalseAndQueuesNothing(TestDatabase db) {
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        UUID unknown = UUID.randomUUID();

        assertThat(logs.attachRecording(unknown, link(RecordingKind.CALL, Duration.ofSeconds(1)))).isFalse();

        assertThat(logs.find(unknown)).isEmpty();
        assertThat(outbox.deliveries(unknown)).isEmpty();
        assertThat(outbox.count(OutboxStatus.PENDING)).isZero();
    }

    @OnBothDatabases
    void anEditReadBeforeARecordingWasAttachedKeepsTheLink(TestDatabase db) {
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        CallLog log = answeredCall(UUID.randomUUID(), Optional.empty(), T0);
        logs.saveAndQueue(log);
        CallLog readByTheEdit = logs.find(log.id()).orElseThrow();
        RecordingLink recording = link(RecordingKind.CALL, Duration.ofSeconds(60));
        logs.attachRecording(log.id(), recording);

        CallLog edited = readByTheEdit.withAgentInput(new CallLogUpdate(Optional.of("Refund"),
                Optional.of("Wants a refund"), Optional.empty(), Optional.empty()));
        logs.saveAndQueue(edited);

        assertThat(logs.find(log.id())).contains(edited.withRecording(recording));
    }

    @OnBothDatabases
    void recordingsAttachedAtTheSameTimeAreAllKept(TestDatabase db) throws Exception {
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        CallLog log = answeredCall(UUID.randomUUID(), Optional.empty(), T0);
        logs.saveAndQueue(log);
        List<RecordingLink> links = IntStream.range(0, 8).mapToObj(i -> link(RecordingKind.CALL, Duration.ofSeconds(i)))
                .toList();
        ExecutorService threads = Executors.newFixedThreadPool(links.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> attached = new ArrayList<>();
            for (RecordingLink link : links) {
                attached.add(threads.submit(() -> {
                    start.await();
                    return logs.attachRecording(log.id(), link);
                }));
            }
            start.countDown();
            for (Future<Boolean> result : attached) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(logs.find(log.id()).orElseThrow().recordings()).containsExactlyInAnyOrderElementsOf(links);
    }

    private static RecordingLink link(RecordingKind kind, Duration duration) {
        UUID id = UUID.randomUUID();
        return new RecordingLink(id, kind,
                URI.create("https://pbx.example.com/api/v1/recordings/" + id + "/audio?exp=1767225600&sig=Zm9v-_"),
                duration);
    }
}
