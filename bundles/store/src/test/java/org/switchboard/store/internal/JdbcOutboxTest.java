package org.switchboard.store.internal;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.store.internal.Fixtures.T0;
import static org.switchboard.store.internal.Fixtures.answeredCall;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.calllog.OutboxEntry;
import org.switchboard.api.calllog.OutboxStatus;

class JdbcOutboxTest {
    private final MutableClock clock = new MutableClock(T0);

    @OnBothDatabases
    void dueEntriesComeOldestFirstUpToTheLimit(TestDatabase db) {
        JdbcOutbox outbox = subscribed(db, "local");
        UUID first = queue(db);
        clock.advance(Duration.ofSeconds(1));
        UUID second = queue(db);
        clock.advance(Duration.ofSeconds(1));
        UUID third = queue(db);

        assertThat(outbox.due("local", clock.instant(), 10)).extracting(OutboxEntry::callLogId)
                .containsExactly(first, second, third);
        assertThat(outbox.due("local", clock.instant(), 2)).extracting(OutboxEntry::callLogId).containsExactly(first, second);
        assertThat(outbox.due("local", T0.minusSeconds(1), 10)).isEmpty();
    }

    @OnBothDatabases
    void failedEntryWaitsUntilItsNextAttempt(TestDatabase db) {
        JdbcOutbox outbox = subscribed(db, "local");
        queue(db);
        OutboxEntry entry = outbox.due("local", clock.instant(), 1).get(0);
        Instant retryAt = clock.instant().plusSeconds(30);

        outbox.markFailed(entry.id(), "CRM unavailable", retryAt);

        assertThat(outbox.due("local", clock.instant(), 10)).isEmpty();
        assertThat(outbox.due("local", retryAt.minusMillis(1), 10)).isEmpty();
        assertThat(outbox.due("local", retryAt, 10)).singleElement().satisfies(due -> {
            assertThat(due.attempts()).isEqualTo(1);
            assertThat(due.lastError()).contains("CRM unavailable");
            assertThat(due.nextAttemptAt()).isEqualTo(retryAt);
            assertThat(due.status()).isEqualTo(OutboxStatus.PENDING);
        });
        outbox.markFailed(entry.id(), "still down", retryAt.plusSeconds(60));
        assertThat(outbox.find(entry.id()).orElseThrow().attempts()).isEqualTo(2);
    }

    @OnBothDatabases
    void retryingCountsPendingEntriesThatFailedAtLeastOnce(TestDatabase db) {
        JdbcOutbox outbox = subscribed(db, "local");
        queue(db);
        queue(db);
        queue(db);
        List<OutboxEntry> due = outbox.due("local", clock.instant(), 10);
        assertThat(outbox.countRetrying()).isZero();

        outbox.markFailed(due.get(0).id(), "CRM unavailable", clock.instant().plusSeconds(30));
        outbox.markFailed(due.get(1).id(), "CRM unavailable", clock.instant().plusSeconds(30));
        outbox.park(due.get(1).id(), "refused for good", clock.instant());

        assertThat(outbox.countRetrying()).isEqualTo(1);
        assertThat(outbox.count(OutboxStatus.PENDING)).isEqualTo(2);
    }

    @OnBothDatabases
    void deliveredEntryIsNeverDueAgain(TestDatabase db) {
        JdbcOutbox outbox = subscribed(db, "local");
        queue(db);
        OutboxEntry entry = outbox.due("local", clock.instant(), 1).get(0);
        Instant deliveredAt = clock.instant().plusSeconds(2);

        outbox.markDelivered(entry.id(), entry.revision(), "local:Task:42", deliveredAt);
        outbox.markFailed(entry.id(), "late failure report", clock.instant());

        OutboxEntry delivered = outbox.find(entry.id()).orElseThrow();
        assertThat(delivered.status()).isEqualTo(OutboxStatus.DELIVERED);
        assertThat(delivered.crmRef()).contains("local:Task:42");
        assertThat(delivered.deliveredAt()).contains(deliveredAt);
        assertThat(delivered.attempts()).isZero();
        assertThat(outbox.due("local", clock.instant().plusSeconds(3600), 10)).isEmpty();
        assertThat(outbox.count(OutboxStatus.DELIVERED)).isEqualTo(1);
        assertThat(outbox.count(OutboxStatus.PENDING)).isZero();
    }

    @OnBothDatabases
    void replayMakesEveryPendingEntryDueNow(TestDatabase db) {
        JdbcOutbox outbox = subscribed(db, "local");
        queue(db);
        queue(db);
        queue(db);
        OutboxEntry delivered = outbox.due("local", clock.instant(), 1).get(0);
        outbox.markDelivered(delivered.id(), delivered.revision(), "local:Task:1", clock.instant());
        for (OutboxEntry entry : outbox.due("local", clock.instant(), 10)) {
            outbox.markFailed(entry.id(), "down", clock.instant().plus(Duration.ofHours(1)));
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(outbox.due("local", clock.instant(), 10)).isEmpty();

        int replayed = outbox.replayAll(clock.instant());

        assertThat(replayed).isEqualTo(2);
        assertThat(outbox.due("local", clock.instant(), 10)).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.nextAttemptAt()).isEqualTo(clock.instant());
            assertThat(entry.status()).isEqualTo(OutboxStatus.PENDING);
        });
    }

    @OnBothDatabases
    void listIsNewestFirstAndFiltersByStatus(TestDatabase db) {
        JdbcOutbox outbox = subscribed(db, "local");
        UUID older = queue(db);
        clock.advance(Duration.ofSeconds(1));
        UUID newer = queue(db);
        OutboxEntry olderEntry = outbox.due("local", clock.instant(), 1).get(0);
        outbox.markDelivered(olderEntry.id(), olderEntry.revision(), "local:Task:1", clock.instant());

        assertThat(outbox.list(Optional.empty(), 10)).extracting(OutboxEntry::callLogId).containsExactly(newer, older);
        assertThat(outbox.list(Optional.of(OutboxStatus.DELIVERED), 10)).extracting(OutboxEntry::callLogId)
                .containsExactly(older);
        assertThat(outbox.list(Optional.of(OutboxStatus.PENDING), 10)).extracting(OutboxEntry::callLogId)
                .containsExactly(newer);
        assertThat(outbox.list(Optional.empty(), 1)).hasSize(1);
        assertThat(outbox.find(UUID.randomUUID())).isEmpty();
    }

    @OnBothDatabases
    void overlongErrorIsCutToFit(TestDatabase db) {
        JdbcOutbox outbox = subscribed(db, "local");
        queue(db);
        OutboxEntry entry = outbox.due("local", clock.instant(), 1).get(0);

        outbox.markFailed(entry.id(), "x".repeat(10_000), clock.instant());

        assertThat(outbox.find(entry.id()).orElseThrow().lastError()).hasValueSatisfying(
                error -> assertThat(error).hasSize(2000));
    }

    @OnBothDatabases
    void eachSubscribedConnectorGetsOneDeliveryOfEachLog(TestDatabase db) {
        JdbcOutbox outbox = subscribed(db, "local");
        outbox.subscribe("salesforce");
        UUID call = queue(db);

        assertThat(outbox.subscribers()).containsExactly("local", "salesforce");
        assertThat(outbox.due("local", clock.instant(), 10)).extracting(OutboxEntry::callLogId).containsExactly(call);
        assertThat(outbox.due("salesforce", clock.instant(), 10)).extracting(OutboxEntry::callLogId).containsExactly(call);
        assertThat(outbox.count(OutboxStatus.PENDING)).isEqualTo(2);
        assertThat(outbox.deliveries(call)).extracting(OutboxEntry::connector).containsExactly("local", "salesforce");

        outbox.unsubscribe("salesforce");
        UUID later = queue(db);
        assertThat(outbox.due("salesforce", clock.instant(), 10)).extracting(OutboxEntry::callLogId).containsExactly(call);
        assertThat(outbox.due("local", clock.instant(), 10)).extracting(OutboxEntry::callLogId).contains(later);
    }

    @OnBothDatabases
    void logsQueuedBeforeAnyConnectorGoToTheFirstThatSubscribes(TestDatabase db) {
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        UUID early = queue(db);
        assertThat(outbox.due("local", clock.instant(), 10)).isEmpty();

        outbox.subscribe("local");
        outbox.subscribe("salesforce");

        assertThat(outbox.due("local", clock.instant(), 10)).extracting(OutboxEntry::callLogId).containsExactly(early);
        assertThat(outbox.due("salesforce", clock.instant(), 10)).isEmpty();
    }

    @OnBothDatabases
    void anEditWhileDeliveringKeepsTheEntryDueAndRemembersTheReference(TestDatabase db) {
        JdbcOutbox outbox = subscribed(db, "local");
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        UUID call = queue(db);
        OutboxEntry inFlight = outbox.due("local", clock.instant(), 1).get(0);

        logs.saveAndQueue(answeredCall(call, Optional.empty(), T0)); // the agent's notes arrive meanwhile
        outbox.markDelivered(inFlight.id(), inFlight.revision(), "local:Task:7", clock.instant());

        OutboxEntry entry = outbox.find(inFlight.id()).orElseThrow();
        assertThat(entry.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(entry.revision()).isEqualTo(inFlight.revision() + 1);
        assertThat(entry.crmRef()).contains("local:Task:7");
        outbox.markDelivered(entry.id(), entry.revision(), "local:Task:7", clock.instant());
        assertThat(outbox.find(entry.id()).orElseThrow().status()).isEqualTo(OutboxStatus.DELIVERED);
    }

    @OnBothDatabases
    void aBatchMarkedDeliveredTogetherKeepsTheEditedOneDue(TestDatabase db) {
        JdbcOutbox outbox = subscribed(db, "local");
        JdbcCallLogRepository logs = new JdbcCallLogRepository(db.dataSource(), clock);
        UUID first = queue(db);
        UUID edited = queue(db);
        List<OutboxEntry> inFlight = outbox.due("local", clock.instant(), 10);
        logs.saveAndQueue(answeredCall(edited, Optional.empty(), T0)); // queued again while in flight

        outbox.markAllDelivered(inFlight.stream()
                .map(e -> new Outbox.Delivered(e.id(), e.revision(), "local:Task:" + e.callLogId(), clock.instant()))
                .toList());

        assertThat(outbox.due("local", clock.instant(), 10)).singleElement().satisfies(entry -> {
            assertThat(entry.callLogId()).isEqualTo(edited);
            assertThat(entry.crmRef()).contains("local:Task:" + edited);
        });
        assertThat(outbox.deliveries(first)).singleElement()
                .satisfies(entry -> assertThat(entry.status()).isEqualTo(OutboxStatus.DELIVERED));
        assertThat(outbox.count(OutboxStatus.DELIVERED)).isEqualTo(1);
    }

    @OnBothDatabases
    void parkedEntriesWaitForAnAdminWhoRetriesOrDiscardsThem(TestDatabase db) {
        JdbcOutbox outbox = subscribed(db, "local");
        queue(db);
        queue(db);
        List<OutboxEntry> due = outbox.due("local", clock.instant(), 10);
        outbox.park(due.get(0).id(), "REQUIRED_FIELD_MISSING: Subject", clock.instant());
        outbox.park(due.get(1).id(), "INVALID_FIELD: Foo", clock.instant());

        assertThat(outbox.due("local", clock.instant().plusSeconds(86_400), 10)).isEmpty();
        assertThat(outbox.count(OutboxStatus.PARKED)).isEqualTo(2);
        assertThat(outbox.find(due.get(0).id()).orElseThrow().lastError()).contains("REQUIRED_FIELD_MISSING: Subject");

        assertThat(outbox.retry(due.get(0).id(), clock.instant())).isTrue();
        assertThat(outbox.discard(due.get(1).id())).isTrue();
        assertThat(outbox.due("local", clock.instant(), 10)).extracting(OutboxEntry::id).containsExactly(due.get(0).id());
        assertThat(outbox.count(OutboxStatus.DISCARDED)).isEqualTo(1);
        assertThat(outbox.discard(UUID.randomUUID())).isFalse();
        assertThat(outbox.retry(UUID.randomUUID(), clock.instant())).isFalse();
        assertThat(outbox.oldestPending()).contains(due.get(0).createdAt());
    }

    private JdbcOutbox subscribed(TestDatabase db, String connector) {
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        outbox.subscribe(connector);
        return outbox;
    }

    private UUID queue(TestDatabase db) {
        UUID callId = UUID.randomUUID();
        new JdbcCallLogRepository(db.dataSource(), clock).saveAndQueue(answeredCall(callId, Optional.empty(), T0));
        return callId;
    }
}
