package org.switchboard.sip.internal;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.timers.SipTimer;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.lang.ref.WeakReference;
import java.util.Properties;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jain-sip's timers on a hashed timing wheel (Netty's {@link HashedWheelTimer}) instead of a
 * {@code ScheduledThreadPoolExecutor}. Every call schedules a few dozen of them (retransmission ticks every
 * T1, 100 Trying after 200 ms, Timer J 32 s, the 1 s linger of each transaction and dialog) and cancels most:
 * at a thousand calls a second the executor held tens of thousands in one binary heap behind one lock, and
 * each new earliest one woke its thread. The wheel adds and cancels through lock-free queues that its thread
 * drains once per tick, so its cost no longer grows with how many are pending. A cancelled timer leaves the
 * wheel at the next tick, releasing the transaction or dialog it holds.
 * <p>
 * Tasks run on the wheel's one thread, one after another, as on the executor's. The tick is 10 ms: jain-sip's
 * timers are multiples of T1 (500 ms), and none is shorter than 200 ms.
 * <p>
 * One task is held weakly: jain-sip's watchdog for an ACK never sent ({@value #ACK_WATCHDOG}). Every 200 to an
 * INVITE arms it for 64·T1 (32 s); sending the ACK does not cancel it, it only checks when it fires. Held
 * strongly, it kept every answered call's dialog in memory for 32 s after the call (at 800 calls a second,
 * 26,000 dialogs, a quarter of the live heap). Held weakly, it lives as long as its
 * dialog, whose field holds it: the stack's dialog table keeps a dialog until it has ended, so a dialog
 * waiting for its ACK is still watched, and one that nothing holds any more has ended and left the stack,
 * where the watchdog would find nothing to do.
 */
final class WheelSipTimer implements SipTimer {
    private static final Logger LOG = LoggerFactory.getLogger(WheelSipTimer.class);
    private static final long TICK_MILLIS = 10;
    /** 1,024 ticks: one turn is ~10 s, so even Timer J (32 s) goes round only three times. */
    private static final int TICKS_PER_WHEEL = 1024;
    static final String ACK_WATCHDOG = "gov.nist.javax.sip.stack.SIPDialog$DialogDeleteIfNoAckSentTask";

    private final HashedWheelTimer wheel;
    private volatile boolean started;

    WheelSipTimer(ThreadFactory threadFactory) {
        // leak detection off: the wheel lives as long as the stack, and its probe samples stack traces
        this.wheel = new HashedWheelTimer(threadFactory, TICK_MILLIS, TimeUnit.MILLISECONDS, TICKS_PER_WHEEL, false);
    }

    @Override
    public void start(SipStackImpl sipStack, Properties configurationProperties) {
        wheel.start();
        started = true;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public void stop() {
        started = false;
        wheel.stop();
    }

    @Override
    public boolean schedule(SIPStackTimerTask task, long delay) {
        return scheduleWithFixedDelay(task, delay, 0);
    }

    /** @param period 0: once */
    @Override
    public boolean scheduleWithFixedDelay(SIPStackTimerTask task, long delay, long period) {
        if (!started) {
            // as jain-sip's own timers do: a stopped stack schedules nothing
            throw new IllegalStateException("the SIP stack timer is stopped");
        }
        Scheduled scheduled = new Scheduled(task, period);
        task.setSipTimerTask(scheduled);
        scheduled.arm(delay);
        return true;
    }

    @Override
    public boolean cancel(SIPStackTimerTask task) {
        if (!(task.getSipTimerTask() instanceof Scheduled scheduled)) {
            return false;
        }
        task.cleanUpBeforeCancel();
        task.setSipTimerTask(null);
        return scheduled.cancel();
    }

    /**
     * One scheduling of a task; a periodic one re-arms itself after each run until cancelled. Holds the task
     * strongly, or (the ACK watchdog) weakly.
     */
    private final class Scheduled implements TimerTask {
        private final SIPStackTimerTask strongTask;
        private final WeakReference<SIPStackTimerTask> weakTask;
        private final long period;
        private volatile Timeout timeout;
        private volatile boolean cancelled;

        Scheduled(SIPStackTimerTask task, long period) {
            boolean weak = task.getClass().getName().equals(ACK_WATCHDOG);
            this.strongTask = weak ? null : task;
            this.weakTask = weak ? new WeakReference<>(task) : null;
            this.period = period;
        }

        void arm(long delayMillis) {
            timeout = wheel.newTimeout(this, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        }

        boolean cancel() {
            cancelled = true;
            Timeout current = timeout;
            return current != null && current.cancel();
        }

        @Override
        public void run(Timeout expired) {
            // a cancel racing the wheel (or a re-arm) is honoured here
            SIPStackTimerTask task = strongTask != null ? strongTask : weakTask.get();
            if (cancelled || task == null) {
                return;
            }
            try {
                task.runTask();
            } catch (RuntimeException | LinkageError e) {
                // as jain-sip's executor timer: a failing task must not stop the timers of every other transaction
                LOG.error("sip: jain-sip timer task {} failed", task.getClass().getName(), e);
            }
            if (period > 0 && !cancelled && started) {
                arm(period);
            }
        }
    }
}
