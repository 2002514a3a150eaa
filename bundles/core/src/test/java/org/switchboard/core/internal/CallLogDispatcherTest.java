package org.switchboard.core.internal;

import org.switchboard.testing.Configs;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.calllog.OutboxEntry;
import org.switchboard.api.calllog.OutboxStatus;

class CallLogDispatcherTest {
    private final MutableClock clock = new MutableClock();
    private final InMemoryCallLogs store = new InMemoryCallLogs(clock);
    private final CallLogRecorder recorder = new CallLogRecorder(Runnable::run);
    private final CallLogDispatcher dispatcher = new CallLogDispatcher(store.outbox, store, recorder,
            Configs.config(CallLogDispatcher.Config.class), clock);
    private final FakeCrmConnector local = new FakeCrmConnector("local");

    CallLogDispatcherTest() {
        recorder.setCallLogRepository(store);
    }

    @AfterEach
    void stop() {
        dispatcher.deactivate();
    }

    @Test
    void deliversDueLogsToTheConnectorAndMarksThemDelivered() {
        CallLog first = saved();
        CallLog second = saved();
        dispatcher.addCrmConnector(local, ranking(0, 1));

        assertThat(dispatcher.deliverDue()).isEqualTo(2);

        assertThat(local.logged).containsExactly(first, second);
        assertThat(store.entries.values()).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(OutboxStatus.DELIVERED);
            assertThat(e.crmRef()).contains("local:Task:T-" + e.callLogId());
            assertThat(e.deliveredAt()).contains(clock.instant());
        });
        assertThat(dispatcher.deliverDue()).isZero();
        assertThat(local.attempts).isEqualTo(2);
    }

    @Test
    void aBacklogLargerThanABatchIsDeliveredInOneTick() {
        for (int i = 0; i < 2 * CallLogDispatcher.BATCH + 7; i++) {
            saved();
        }
        dispatcher.addCrmConnector(local, ranking(0, 1));

        assertThat(dispatcher.drain()).isEqualTo(2 * CallLogDispatcher.BATCH + 7);

        assertThat(store.entries.values()).allSatisfy(e -> assertThat(e.status()).isEqualTo(OutboxStatus.DELIVERED));
    }

    @Test
    void aFailingConnectorStopsTheDrainAfterOneRound() {
        for (int i = 0; i < CallLogDispatcher.BATCH + 1; i++) {
            saved();
        }
        local.down = true;
        dispatcher.addCrmConnector(local, ranking(0, 1));

        assertThat(dispatcher.drain()).isZero();

        assertThat(local.attempts).isEqualTo(CallLogDispatcher.BATCH);
    }

    @Test
    void failedDeliveryBacksOffAndKeepsTheEntry() {
        saved();
        local.down = true;
        dispatcher.addCrmConnector(local, ranking(0, 1));
        Instant start = clock.instant();

        dispatcher.deliverDue();

        OutboxEntry entry = store.onlyEntry();
        assertThat(entry.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(entry.attempts()).isEqualTo(1);
        assertThat(entry.nextAttemptAt()).isEqualTo(start.plusSeconds(1));
        assertThat(entry.lastError()).hasValueSatisfying(e -> assertThat(e).contains("local is down"));

        dispatcher.deliverDue(); // not due yet
        assertThat(local.attempts).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        dispatcher.deliverDue();
        assertThat(store.onlyEntry().nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(2));

        clock.advance(Duration.ofSeconds(2));
        local.down = false;
        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        assertThat(store.onlyEntry().status()).isEqualTo(OutboxStatus.DELIVERED);
    }

    @Test
    void backoffDoublesUpToTheConfiguredMaximum() {
        assertThat(dispatcher.backoff(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(dispatcher.backoff(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(dispatcher.backoff(8)).isEqualTo(Duration.ofSeconds(256));
        assertThat(dispatcher.backoff(9)).isEqualTo(Duration.ofSeconds(300));
        assertThat(dispatcher.backoff(1_000)).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void withoutAConnectorNothingIsLostAndEntriesWait() {
        saved();

        assertThat(dispatcher.deliverDue()).isZero();
        assertThat(store.onlyEntry().attempts()).isZero();

        dispatcher.addCrmConnector(local, ranking(0, 1));
        assertThat(dispatcher.deliverDue()).isEqualTo(1);
    }

    @Test
    void highestRankingConnectorWins() {
        FakeCrmConnector salesforce = new FakeCrmConnector("salesforce");
        dispatcher.addCrmConnector(local, ranking(10, 1));
        dispatcher.addCrmConnector(salesforce, ranking(50, 2));
        saved();

        dispatcher.deliverDue();
        assertThat(salesforce.logged).hasSize(1);
        assertThat(local.logged).isEmpty();

        dispatcher.removeCrmConnector(salesforce);
        saved();
        dispatcher.deliverDue();
        assertThat(local.logged).hasSize(1);
    }

    @Test
    void equalRankingPrefersTheOlderService() {
        FakeCrmConnector newer = new FakeCrmConnector("newer");
        dispatcher.addCrmConnector(newer, ranking(0, 9));
        dispatcher.addCrmConnector(local, ranking(0, 3));
        saved();

        dispatcher.deliverDue();

        assertThat(local.logged).hasSize(1);
        assertThat(newer.logged).isEmpty();
    }

    @Test
    void anEntryWhoseLogIsMissingIsKeptAndRetried() {
        saved();
        store.logs.clear();
        dispatcher.addCrmConnector(local, ranking(0, 1));

        dispatcher.deliverDue();

        assertThat(store.onlyEntry().status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(store.onlyEntry().lastError()).hasValueSatisfying(e -> assertThat(e).contains("not found"));
    }

    @Test
    void aTickStoresLogsKeptDuringAStoreOutageThenDeliversThem() {
        dispatcher.addCrmConnector(local, ranking(0, 1));
        store.failing = true;
        recorder.record(log());
        dispatcher.tick(); // store still down: the tick survives, the log waits
        assertThat(recorder.waitingCount()).isEqualTo(1);

        store.failing = false;
        dispatcher.tick();

        assertThat(recorder.waitingCount()).isZero();
        assertThat(local.logged).hasSize(1);
    }

    private CallLog saved() {
        CallLog log = log();
        store.saveAndQueue(log);
        clock.advance(Duration.ofMillis(1)); // keeps the outbox order visible
        return log;
    }

    private CallLog log() {
        Instant now = clock.instant();
        return new CallLog(UUID.randomUUID(), CallDirection.INBOUND, "+15551230001", "+15550100", Optional.empty(),
                now, Optional.empty(), now, Duration.ZERO, Disposition.MISSED, "", "", Optional.empty(), Optional.empty(),
                List.of());
    }

    private static Map<String, Object> ranking(int ranking, long serviceId) {
        return Map.of(Constants.SERVICE_RANKING, ranking, Constants.SERVICE_ID, serviceId);
    }
}
