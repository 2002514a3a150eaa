package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.testing.MutableClock;

class CallLogRecorderTest {
    private final MutableClock clock = new MutableClock();
    private final InMemoryCallLogs store = new InMemoryCallLogs(clock);
    private final Batches batches = new Batches(store);
    /** The storing thread, run by hand: the test decides when the queued store runs. */
    private final Queue<Runnable> storingThread = new ArrayDeque<>();
    private final CallLogRecorder recorder = new CallLogRecorder(storingThread::add);

    CallLogRecorderTest() {
        recorder.setCallLogRepository(batches);
    }

    @Test
    void logsOfCallsEndingWhileAStoreIsQueuedAreStoredInOneTransactionInTheirOrder() {
        List<CallLog> logs = IntStream.range(0, 5).mapToObj(i -> log()).toList();

        logs.forEach(recorder::record);

        assertThat(storingThread).hasSize(1);
        runStoringThread();
        assertThat(batches.committed).containsExactly(logs);
        assertThat(store.logs.values()).containsExactlyElementsOf(logs);
        assertThat(recorder.waitingCount()).isZero();
    }

    @Test
    void aLogRecordedAfterTheStoreTookItsBatchQueuesTheNextStore() {
        CallLog first = log();
        recorder.record(first);
        runStoringThread();
        CallLog second = log();

        recorder.record(second);

        assertThat(storingThread).hasSize(1);
        runStoringThread();
        assertThat(batches.committed).containsExactly(List.of(first), List.of(second));
    }

    @Test
    void aBatchLargerThanTheLimitIsSplitAndKeepsItsOrder() {
        List<CallLog> logs = IntStream.range(0, CallLogRecorder.MAX_BATCH + 3).mapToObj(i -> log()).toList();

        logs.forEach(recorder::record);
        runStoringThread();

        assertThat(batches.committed).extracting(List::size).containsExactly(CallLogRecorder.MAX_BATCH, 3);
        assertThat(store.logs.values()).containsExactlyElementsOf(logs);
    }

    @Test
    void whenTheStoreFailsMidBatchTheStoredLogsLeaveAndTheRestWaitInOrderUntilItIsBack() {
        List<CallLog> logs = IntStream.range(0, 6).mapToObj(i -> log()).toList();
        batches.failBatches = true;
        batches.failAfterSingles = 2; // the store takes two logs one by one, then goes down

        logs.forEach(recorder::record);
        runStoringThread();

        assertThat(store.logs.values()).containsExactlyElementsOf(logs.subList(0, 2));
        assertThat(recorder.waitingCount()).isEqualTo(4);

        store.failing = false;
        batches.failBatches = false;
        CallLog later = log();
        recorder.record(later);
        recorder.flush(); // the dispatcher's tick
        runStoringThread();

        List<CallLog> expected = new ArrayList<>(logs);
        expected.add(later);
        assertThat(store.logs.values()).containsExactlyElementsOf(expected);
        assertThat(recorder.waitingCount()).isZero();
    }

    @Test
    void aStoppedRecorderStoresWhatWaitsAndLosesNothing() throws Exception {
        CallLogRecorder threaded = new CallLogRecorder();
        threaded.setCallLogRepository(batches);
        List<CallLog> logs = IntStream.range(0, 500).mapToObj(i -> log()).toList();

        logs.forEach(threaded::record);
        threaded.deactivate();

        assertThat(threaded.waitingCount()).isZero();
        assertThat(store.logs.values()).containsExactlyElementsOf(logs);
        assertThat(batches.committed.stream().mapToInt(List::size).sum()).isEqualTo(logs.size());
    }

    private void runStoringThread() {
        Runnable task;
        while ((task = storingThread.poll()) != null) {
            task.run();
        }
    }

    private CallLog log() {
        Instant now = clock.instant();
        clock.advance(Duration.ofMillis(1));
        return new CallLog(UUID.randomUUID(), CallDirection.INBOUND, "+15551230001", "+15550100", Optional.empty(),
                now, Optional.empty(), now, Duration.ZERO, Disposition.MISSED, "", "", Optional.empty(), Optional.empty(),
                List.of());
    }

    /** The in-memory store, remembering each committed batch; it can refuse batches, then single logs too. */
    private static final class Batches implements CallLogRepository {
        private final InMemoryCallLogs store;
        final List<List<CallLog>> committed = new ArrayList<>();
        volatile boolean failBatches;
        /** While batches fail: how many single logs still go through before the store is down. */
        volatile int failAfterSingles = Integer.MAX_VALUE;

        Batches(InMemoryCallLogs store) {
            this.store = store;
        }

        @Override
        public synchronized void saveAllAndQueue(List<CallLog> logs) {
            if (failBatches || store.failing) {
                throw new IllegalStateException("database is down");
            }
            logs.forEach(store::saveAndQueue);
            committed.add(List.copyOf(logs));
        }

        @Override
        public synchronized void saveAndQueue(CallLog log) {
            if (failBatches && failAfterSingles-- <= 0) {
                store.failing = true;
            }
            store.saveAndQueue(log);
            committed.add(List.of(log));
        }

        @Override
        public Optional<CallLog> find(UUID id) {
            return store.find(id);
        }

        @Override
        public boolean attachRecording(UUID callLogId, RecordingLink link) {
            return store.attachRecording(callLogId, link);
        }

        @Override
        public List<CallLog> list(CallLogQuery query) {
            return store.list(query);
        }
    }
}
