package org.switchboard.sip.internal;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;

/**
 * How long a call that is not offered to a group may ring before it ends with no answer (the caller
 * hears 480, the phones still ringing get CANCEL). Groups have their own timeouts in core's hunt.
 */
final class RingTimeouts {
    private final CallServices services;
    private final Duration ringTimeout;
    private final ScheduledExecutorService timer;
    private final Executor workers;

    RingTimeouts(CallServices services, Duration ringTimeout, ScheduledExecutorService timer, Executor workers) {
        this.services = services;
        this.ringTimeout = ringTimeout;
        this.timer = timer;
        this.workers = workers;
    }

    void arm(SipLeg caller) {
        synchronized (caller) {
            UUID callId = caller.callId;
            caller.ringTimer = timer.schedule(() -> run(callId), ringTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static void disarm(SipLeg caller) {
        synchronized (caller) {
            if (caller.ringTimer != null) {
                caller.ringTimer.cancel(false);
            }
        }
    }

    private void run(UUID callId) {
        try {
            workers.execute(() -> expire(callId));
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void expire(UUID callId) {
        services.calls().ifPresent(calls -> calls.find(callId).filter(call -> call.state() == CallState.RINGING)
                .ifPresent(call -> {
                    try {
                        calls.hangup(callId, EndReason.NO_ANSWER);
                    } catch (IllegalCallStateException e) {
                        // answered or ended meanwhile
                    }
                }));
    }
}
