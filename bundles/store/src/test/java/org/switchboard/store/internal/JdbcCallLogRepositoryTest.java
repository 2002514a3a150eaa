package org.switchboard.store.internal;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.store.internal.Fixtures.T0;
import static org.switchboard.store.internal.Fixtures.answeredCall;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogUpdate;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.calllog.OutboxEntry;
import org.switchboard.api.calllog.OutboxStatus;

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
                Optional.of("003xx"), Optional.of("500yy"), List.of(UUID.randomUUID(), UUID.randomUUID()));
        CallLog sparse = new CallLog(UUID.randomUUID(), CallDirection.INTERNAL, "1001", "1002", Optional.empty(), T0,
                Optional.empty(), T0.plusSeconds(20), Duration.ZERO, Disposition.MISSED, "", "", Optional.empty(),
                Optional.empty(), List.of());

        logs.saveAndQueue(full);
        logs.saveAndQueue(sparse);

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
}
