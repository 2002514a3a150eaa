package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nist.javax.sip.stack.SIPStackTimerTask;
import java.lang.ref.WeakReference;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** jain-sip's timers on the timing wheel: when they run, that a cancel holds, and that a cancelled one is let go. */
class WheelSipTimerTest {
    private final WheelSipTimer timer = new WheelSipTimer(task -> new Thread(task, "wheel-test"));

    WheelSipTimerTest() {
        timer.start(null, new Properties());
    }

    @AfterEach
    void stop() {
        timer.stop();
    }

    @Test
    void aTaskRunsOnceAfterItsDelay() throws InterruptedException {
        Counting task = new Counting(1);
        long start = System.nanoTime();
        timer.schedule(task, 200);

        assertThat(task.ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(190);
        Thread.sleep(300);
        assertThat(task.runs).hasValue(1);
    }

    @Test
    void aCancelledTaskNeverRunsAndIsToldSo() throws InterruptedException {
        Counting task = new Counting(1);
        timer.schedule(task, 100);

        assertThat(timer.cancel(task)).isTrue();
        assertThat(task.cleanedUp).isTrue();
        Thread.sleep(300);
        assertThat(task.runs).hasValue(0);
        assertThat(timer.cancel(task)).as("a second cancel finds nothing").isFalse();
    }

    @Test
    void aPeriodicTaskRunsUntilCancelled() throws InterruptedException {
        Counting task = new Counting(3);
        timer.scheduleWithFixedDelay(task, 20, 20);

        assertThat(task.ran.await(5, TimeUnit.SECONDS)).isTrue();
        timer.cancel(task);
        int runs = task.runs.get();
        Thread.sleep(200);
        assertThat(task.runs.get()).isLessThanOrEqualTo(runs + 1);
        int settled = task.runs.get();
        Thread.sleep(200);
        assertThat(task.runs).hasValue(settled);
    }

    @Test
    void aPeriodicTaskCancelledFromItsOwnRunStops() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        SIPStackTimerTask[] task = new SIPStackTimerTask[1];
        task[0] = task(() -> {
            // as jain-sip's transaction timers do when their transaction terminates
            if (runs.incrementAndGet() == 2) {
                timer.cancel(task[0]);
            }
        });
        timer.scheduleWithFixedDelay(task[0], 10, 10);

        Thread.sleep(400);
        assertThat(runs).hasValue(2);
    }

    @Test
    void aFailingTaskDoesNotStopTheOthers() throws InterruptedException {
        timer.schedule(task(() -> {
            throw new IllegalStateException("a transaction's timer failed");
        }), 10);
        Counting later = new Counting(1);
        timer.schedule(later, 100);

        assertThat(later.ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCancelledTaskIsReleasedLongBeforeItsDelay() throws InterruptedException {
        // what a transaction's Timer J (32 s) holds must not outlive the transaction's cancel
        Counting task = new Counting(1);
        timer.schedule(task, TimeUnit.MINUTES.toMillis(10));
        timer.cancel(task);
        WeakReference<Counting> released = new WeakReference<>(task);
        task = null;

        for (int i = 0; i < 50 && released.get() != null; i++) {
            Thread.sleep(50);
            System.gc();
        }
        assertThat(released.get()).isNull();
    }

    @Test
    void aStoppedTimerSchedulesNothing() {
        timer.stop();

        assertThat(timer.isStarted()).isFalse();
        assertThatThrownBy(() -> timer.schedule(new Counting(1), 10)).isInstanceOf(IllegalStateException.class);
    }

    private static SIPStackTimerTask task(Runnable body) {
        return new SIPStackTimerTask() {
            @Override
            public void runTask() {
                body.run();
            }

            @Override
            public Object getThreadHash() {
                return null;
            }
        };
    }

    private static final class Counting extends SIPStackTimerTask {
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch ran;
        volatile boolean cleanedUp;

        Counting(int runsToWaitFor) {
            this.ran = new CountDownLatch(runsToWaitFor);
        }

        @Override
        public void runTask() {
            runs.incrementAndGet();
            ran.countDown();
        }

        @Override
        public void cleanUpBeforeCancel() {
            cleanedUp = true;
        }

        @Override
        public Object getThreadHash() {
            return null;
        }
    }
}
