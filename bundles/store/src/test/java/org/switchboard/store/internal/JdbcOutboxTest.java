package org.switchboard.store.internal;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.store.internal.Fixtures.T0;
import static org.switchboard.store.internal.Fixtures.answeredCall;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.calllog.OutboxEntry;
import org.switchboard.api.calllog.OutboxStatus;

class JdbcOutboxTest {
    private final MutableClock clock = new MutableClock(T0);

    @OnBothDatabases
    void dueEntriesComeOldestFirstUpToTheLimit(TestDatabase db) {
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        UUID first = queue(db);
        clock.advance(Duration.ofSeconds(1));
        UUID second = queue(db);
        clock.advance(Duration.ofSeconds(1));
        UUID third = queue(db);

        assertThat(outbox.due(clock.instant(), 10)).extracting(OutboxEntry::callLogId)
                .containsExactly(first, second, third);
        assertThat(outbox.due(clock.instant(), 2)).extracting(OutboxEntry::callLogId).containsExactly(first, second);
        assertThat(outbox.due(T0.minusSeconds(1), 10)).isEmpty();
    }

    @OnBothDatabases
    void failedEntryWaitsUntilItsNextAttempt(TestDatabase db) {
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        queue(db);
        OutboxEntry entry = outbox.due(clock.instant(), 1).get(0);
        Instant retryAt = clock.instant().plusSeconds(30);

        outbox.markFailed(entry.id(), "CRM unavailable", retryAt);

        assertThat(outbox.due(clock.instant(), 10)).isEmpty();
        assertThat(outbox.due(retryAt.minusMillis(1), 10)).isEmpty();
        assertThat(outbox.due(retryAt, 10)).singleElement().satisfies(due -> {
            assertThat(due.attempts()).isEqualTo(1);
            assertThat(due.lastError()).contains("CRM unavailable");
            assertThat(due.nextAttemptAt()).isEqualTo(retryAt);
            assertThat(due.status()).isEqualTo(OutboxStatus.PENDING);
        });
        outbox.markFailed(entry.id(), "still down", retryAt.plusSeconds(60));
        assertThat(outbox.find(entry.id()).orElseThrow().attempts()).isEqualTo(2);
    }

    @OnBothDatabases
    void deliveredEntryIsNeverDueAgain(TestDatabase db) {
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        queue(db);
        OutboxEntry entry = outbox.due(clock.instant(), 1).get(0);
        Instant deliveredAt = clock.instant().plusSeconds(2);

        outbox.markDelivered(entry.id(), "local:Task:42", deliveredAt);
        outbox.markFailed(entry.id(), "late failure report", clock.instant());

        OutboxEntry delivered = outbox.find(entry.id()).orElseThrow();
        assertThat(delivered.status()).isEqualTo(OutboxStatus.DELIVERED);
        assertThat(delivered.crmRef()).contains("local:Task:42");
        assertThat(delivered.deliveredAt()).contains(deliveredAt);
        assertThat(delivered.attempts()).isZero();
        assertThat(outbox.due(clock.instant().plusSeconds(3600), 10)).isEmpty();
        assertThat(outbox.count(OutboxStatus.DELIVERED)).isEqualTo(1);
        assertThat(outbox.count(OutboxStatus.PENDING)).isZero();
    }

    @OnBothDatabases
    void replayMakesEveryPendingEntryDueNow(TestDatabase db) {
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        queue(db);
        queue(db);
        queue(db);
        OutboxEntry delivered = outbox.due(clock.instant(), 1).get(0);
        outbox.markDelivered(delivered.id(), "local:Task:1", clock.instant());
        for (OutboxEntry entry : outbox.due(clock.instant(), 10)) {
            outbox.markFailed(entry.id(), "down", clock.instant().plus(Duration.ofHours(1)));
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(outbox.due(clock.instant(), 10)).isEmpty();

        int replayed = outbox.replayAll(clock.instant());

        assertThat(replayed).isEqualTo(2);
        assertThat(outbox.due(clock.instant(), 10)).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.nextAttemptAt()).isEqualTo(clock.instant());
            assertThat(entry.status()).isEqualTo(OutboxStatus.PENDING);
        });
    }

    @OnBothDatabases
    void listIsNewestFirstAndFiltersByStatus(TestDatabase db) {
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        UUID older = queue(db);
        clock.advance(Duration.ofSeconds(1));
        UUID newer = queue(db);
        OutboxEntry olderEntry = outbox.due(clock.instant(), 1).get(0);
        outbox.markDelivered(olderEntry.id(), "local:Task:1", clock.instant());

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
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource());
        queue(db);
        OutboxEntry entry = outbox.due(clock.instant(), 1).get(0);

        outbox.markFailed(entry.id(), "x".repeat(10_000), clock.instant());

        assertThat(outbox.find(entry.id()).orElseThrow().lastError()).hasValueSatisfying(
                error -> assertThat(error).hasSize(2000));
    }

    private UUID queue(TestDatabase db) {
        UUID callId = UUID.randomUUID();
        new JdbcCallLogRepository(db.dataSource(), clock).saveAndQueue(answeredCall(callId, Optional.empty(), T0));
        return callId;
    }
}
