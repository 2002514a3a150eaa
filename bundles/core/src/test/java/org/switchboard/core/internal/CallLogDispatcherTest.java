package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogUpdate;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.calllog.OutboxEntry;
import org.switchboard.api.calllog.OutboxStatus;
import org.switchboard.api.crm.CrmRef;
import org.switchboard.api.event.Topics;
import org.switchboard.api.health.HealthStatus;
import org.switchboard.testing.Configs;
import org.switchboard.testing.MutableClock;

class CallLogDispatcherTest {
    private final MutableClock clock = new MutableClock();
    private final InMemoryCallLogs store = new InMemoryCallLogs(clock);
    private final CallLogRecorder recorder = new CallLogRecorder(Runnable::run);
    private final CrmConnectorRegistry connectors = new CrmConnectorRegistry();
    private final EventSink events = EventSink.immediate();
    private final List<Event> posted = new ArrayList<>();
    private final CallLogDispatcher dispatcher = new CallLogDispatcher(store.outbox, store, recorder, connectors,
            Configs.config(CallLogDispatcher.Config.class, "backlogAlarm", 3, "backlogAlarmSeconds", 60), clock, events);
    private final FakeCrmConnector local = new FakeCrmConnector("local");

    CallLogDispatcherTest() {
        recorder.setCallLogRepository(store);
        events.bind(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                posted.add(event);
            }
        });
    }

    @AfterEach
    void stop() {
        dispatcher.deactivate();
    }

    @Test
    void deliversDueLogsToTheConnectorAndMarksThemDelivered() {
        CallLog first = saved();
        CallLog second = saved();
        connectors.addCrmConnector(local, ranking(0, 1));

        assertThat(dispatcher.deliverDue()).isEqualTo(2);

        assertThat(local.logged).containsExactlyInAnyOrder(first, second);
        assertThat(store.entries.values()).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(OutboxStatus.DELIVERED);
            assertThat(e.connector()).isEqualTo("local");
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
        connectors.addCrmConnector(local, ranking(0, 1));

        assertThat(dispatcher.drain()).isEqualTo(2 * CallLogDispatcher.BATCH + 7);

        assertThat(store.entries.values()).allSatisfy(e -> assertThat(e.status()).isEqualTo(OutboxStatus.DELIVERED));
    }

    @Test
    void aFailingConnectorStopsTheDrainAfterOneRound() {
        for (int i = 0; i < CallLogDispatcher.BATCH + 1; i++) {
            saved();
        }
        local.down = true;
        connectors.addCrmConnector(local, ranking(0, 1));

        assertThat(dispatcher.drain()).isZero();

        assertThat(local.attempts).isEqualTo(CallLogDispatcher.BATCH);
    }

    @Test
    void failedDeliveryBacksOffAndKeepsTheEntry() {
        saved();
        local.down = true;
        connectors.addCrmConnector(local, ranking(0, 1));
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
    void aRateLimitedCrmIsNotAskedAgainBeforeItsRetryAfter() {
        saved();
        local.down = true;
        local.retryAfter = Optional.of(Duration.ofSeconds(30));
        connectors.addCrmConnector(local, ranking(0, 1));

        dispatcher.deliverDue();

        assertThat(store.onlyEntry().nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(store.onlyEntry().lastError()).hasValueSatisfying(e -> assertThat(e).contains("rate limited"));
    }

    @Test
    void aLogTheCrmRefusesForGoodIsParkedWithItsMessageAndNotRetried() {
        saved();
        local.rejecting = true;
        connectors.addCrmConnector(local, ranking(0, 1));

        dispatcher.deliverDue();
        clock.advance(Duration.ofHours(1));
        dispatcher.deliverDue();

        assertThat(local.attempts).isEqualTo(1);
        assertThat(store.onlyEntry().status()).isEqualTo(OutboxStatus.PARKED);
        assertThat(store.onlyEntry().lastError()).hasValueSatisfying(e -> assertThat(e)
                .isEqualTo("REQUIRED_FIELD_MISSING: Required fields are missing: [Subject]"));
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

        connectors.addCrmConnector(local, ranking(0, 1));
        assertThat(dispatcher.deliverDue()).isEqualTo(1);
    }

    @Test
    void everyConnectorGetsItsOwnDeliveryAndOneAwayKeepsItsLogsUntilItReturns() {
        FakeCrmConnector salesforce = new FakeCrmConnector("salesforce");
        connectors.addCrmConnector(local, ranking(0, 1));
        connectors.addCrmConnector(salesforce, ranking(100, 2));
        dispatcher.deliverDue(); // both subscribe
        CallLog first = saved();
        dispatcher.deliverDue();
        assertThat(salesforce.logged).containsExactly(first);
        assertThat(local.logged).containsExactly(first);

        connectors.removeCrmConnector(salesforce); // e.g. bundle:update crm-salesforce
        CallLog second = saved();
        dispatcher.deliverDue();
        assertThat(local.logged).containsExactly(first, second);
        assertThat(store.entriesFor("salesforce")).filteredOn(e -> e.status() == OutboxStatus.PENDING)
                .extracting(OutboxEntry::callLogId).containsExactly(second.id());

        connectors.addCrmConnector(salesforce, ranking(100, 3));
        dispatcher.deliverDue();
        assertThat(salesforce.logged).containsExactly(first, second);
    }

    @Test
    void anEditedLogAmendsTheActivityTheConnectorMadeBefore() {
        CallLog log = saved();
        connectors.addCrmConnector(local, ranking(0, 1));
        dispatcher.deliverDue();

        store.saveAndQueue(log.withAgentInput(new CallLogUpdate(Optional.of("Refund"), Optional.of("Wants a refund"),
                Optional.empty(), Optional.empty())));
        dispatcher.deliverDue();

        assertThat(local.amended).containsExactly(Optional.empty(), Optional.of(new CrmRef("local", "Task", "T-" + log.id())));
        assertThat(local.logged.get(1).notes()).isEqualTo("Wants a refund");
        assertThat(store.onlyEntry().status()).isEqualTo(OutboxStatus.DELIVERED);
    }

    @Test
    void anEntryWhoseLogIsMissingIsKeptAndRetried() {
        saved();
        store.logs.clear();
        connectors.addCrmConnector(local, ranking(0, 1));

        dispatcher.deliverDue();

        assertThat(store.onlyEntry().status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(store.onlyEntry().lastError()).hasValueSatisfying(e -> assertThat(e).contains("not found"));
    }

    @Test
    void aTickStoresLogsKeptDuringAStoreOutageThenTheyAreDelivered() {
        connectors.addCrmConnector(local, ranking(0, 1));
        store.failing = true;
        recorder.record(log());
        dispatcher.tick(); // store still down: the tick survives, the log waits
        assertThat(recorder.waitingCount()).isEqualTo(1);

        store.failing = false;
        dispatcher.tick();
        dispatcher.deliverDue();

        assertThat(recorder.waitingCount()).isZero();
        assertThat(local.logged).hasSize(1);
    }

    @Test
    void aGrowingBacklogRaisesTheAlarmOnceAndLowersItWhenDeliveryCatchesUp() {
        local.down = true;
        connectors.addCrmConnector(local, ranking(0, 1));
        for (int i = 0; i < 4; i++) {
            saved();
        }
        dispatcher.tick();
        dispatcher.tick();

        assertThat(posted).singleElement().satisfies(event -> {
            assertThat(event.getTopic()).isEqualTo(Topics.CRM_OUTBOX_BACKLOG);
            assertThat(event.getProperty("growing")).isEqualTo(true);
            assertThat(event.getProperty("pending")).isEqualTo(4L);
        });
        assertThat(dispatcher.backlog().health().status()).isEqualTo(HealthStatus.DOWN);

        local.down = false;
        clock.advance(Duration.ofMinutes(10));
        dispatcher.drain();
        dispatcher.tick();

        assertThat(posted).hasSize(2).last().satisfies(event -> assertThat(event.getProperty("growing")).isEqualTo(false));
        assertThat(dispatcher.backlog().health().status()).isEqualTo(HealthStatus.UP);
    }

    /**
     * As it runs in Karaf: each CRM on a lane of its own, woken the moment core stored a log (the
     * poll here is a minute), and a CRM that hangs holds up nobody else.
     */
    @Test
    void aStoredLogIsDeliveredAtOnceAndAHangingCrmHoldsUpNoOtherCrm() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        FakeCrmConnector hanging = new FakeCrmConnector("salesforce") {
            @Override
            public CrmRef logCall(CallLog log, Optional<CrmRef> delivered) {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.logCall(log, delivered);
            }
        };
        connectors.addCrmConnector(local, ranking(0, 1));
        connectors.addCrmConnector(hanging, ranking(100, 2));
        CallLogDispatcher running = new CallLogDispatcher(store.outbox, store, recorder, connectors,
                Configs.config(CallLogDispatcher.Config.class, "pollMillis", 60_000L));
        try {
            await(() -> store.subscribers.size() == 2); // both lanes are up
            recorder.record(log());
            recorder.record(log());

            await(() -> local.logged.size() == 2);
            assertThat(hanging.logged).isEmpty();

            released.countDown();
            await(() -> hanging.logged.size() == 2);
        } finally {
            released.countDown();
            running.deactivate();
        }
    }

    @Test
    void aPausedOutboxKeepsLogsUntilDeliveryResumes() throws Exception {
        connectors.addCrmConnector(local, ranking(0, 1));
        CallLogDispatcher paused = new CallLogDispatcher(store.outbox, store, recorder, connectors,
                Configs.config(CallLogDispatcher.Config.class, "pollMillis", 20L, "paused", true));
        try {
            recorder.record(log());
            Thread.sleep(300); // fifteen polls
            assertThat(local.attempts).isZero();
            assertThat(store.onlyEntry().status()).isEqualTo(OutboxStatus.PENDING);
        } finally {
            paused.deactivate();
        }

        CallLogDispatcher resumed = new CallLogDispatcher(store.outbox, store, recorder, connectors,
                Configs.config(CallLogDispatcher.Config.class, "pollMillis", 60_000L));
        try {
            await(() -> local.logged.size() == 1);
        } finally {
            resumed.deactivate();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s");
            }
            Thread.sleep(10);
        }
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

    static Map<String, Object> ranking(int ranking, long serviceId) {
        return Map.of(Constants.SERVICE_RANKING, ranking, Constants.SERVICE_ID, serviceId);
    }
}
