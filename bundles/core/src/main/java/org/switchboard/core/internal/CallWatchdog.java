package org.switchboard.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallNotFoundException;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegState;

/**
 * The safety net of a carrier-grade B2BUA: one scheduled pass over the live calls ends those whose
 * media went silent ({@link EndReason#MEDIA_TIMEOUT}: no RTP on any answered leg's endpoint for the
 * media timeout, not while on hold or screening) and those older than the maximum call duration
 * ({@link EndReason#MAX_DURATION}). A phone that died or a network that dropped must not hold a
 * call, an agent and two ports forever.
 */
@Component(service = CallWatchdog.class, immediate = true, configurationPid = CallWatchdog.PID)
@Designate(ocd = CallLimits.Config.class)
public final class CallWatchdog {
    static final String PID = "org.switchboard.core.calls";
    private static final Logger LOG = LoggerFactory.getLogger(CallWatchdog.class);

    private final CallService calls;
    private final LegMedia media;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private volatile CallLimits limits;
    private ScheduledFuture<?> pass;
    /**
     * Since when each call has been watchable for silence (answered, not held, not screening): a call
     * just resumed from hold had no media while held and gets a whole timeout to send some.
     */
    private final Map<UUID, Instant> watchedSince = new ConcurrentHashMap<>();

    @Activate
    public CallWatchdog(@Reference CallService calls, @Reference LegMedia media, CallLimits.Config config) {
        this(calls, media, Clock.systemUTC(), CallLimits.of(config),
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("switchboard-call-watchdog")));
    }

    /** Tests: no scheduler, they call {@link #check()} with their own clock. */
    CallWatchdog(CallService calls, LegMedia media, Clock clock, CallLimits limits) {
        this(calls, media, clock, limits, null);
    }

    private CallWatchdog(CallService calls, LegMedia media, Clock clock, CallLimits limits,
            ScheduledExecutorService scheduler) {
        this.calls = calls;
        this.media = media;
        this.clock = clock;
        this.scheduler = scheduler;
        this.limits = limits;
        schedule();
    }

    @Modified
    void modified(CallLimits.Config config) {
        CallLimits changed = CallLimits.of(config);
        if (!changed.equals(limits)) {
            limits = changed;
            schedule();
        }
    }

    @Deactivate
    void deactivate() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private synchronized void schedule() {
        CallLimits now = limits;
        LOG.info("Call limits: media timeout {}, maximum call duration {}",
                now.mediaTimeoutOn() ? now.mediaTimeout().toSeconds() + " s" : "off",
                now.maxDurationOn() ? now.maxDuration().toSeconds() + " s" : "off");
        if (scheduler == null) {
            return;
        }
        if (pass != null) {
            pass.cancel(false);
            pass = null;
        }
        if (now.mediaTimeoutOn() || now.maxDurationOn()) {
            long every = now.checkInterval().toMillis();
            pass = scheduler.scheduleWithFixedDelay(this::checkSafely, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("Call limits: check failed: {}", e.toString(), e); // the next pass tries again
        }
    }

    /** One pass: ends every live call past a limit. */
    void check() {
        CallLimits now = limits;
        Instant at = clock.instant();
        List<Call> live = calls.active();
        Set<UUID> seen = new HashSet<>();
        for (Call call : live) {
            seen.add(call.id());
            if (now.maxDurationOn() && !at.isBefore(call.createdAt().plus(now.maxDuration()))) {
                end(call, EndReason.MAX_DURATION, "it reached the maximum call duration of "
                        + now.maxDuration().toSeconds() + " s");
            } else if (now.mediaTimeoutOn() && silent(call, at, now.mediaTimeout())) {
                end(call, EndReason.MEDIA_TIMEOUT, "no RTP from any party for " + now.mediaTimeout().toSeconds()
                        + " s (media timeout)");
            }
        }
        watchedSince.keySet().retainAll(seen);
    }

    /** Answered, not held, not screening, watched for a whole timeout, and every endpoint quiet as long. */
    private boolean silent(Call call, Instant at, Duration timeout) {
        if (!watchable(call)) {
            watchedSince.remove(call.id());
            return false;
        }
        Instant since = watchedSince.computeIfAbsent(call.id(), id -> at);
        if (at.isBefore(since.plus(timeout))) {
            return false;
        }
        boolean anyEndpoint = false;
        for (Leg leg : call.legs()) {
            if (leg.state() != LegState.ANSWERED) {
                continue;
            }
            Optional<Duration> idle = media.idle(leg.id());
            if (idle.isPresent()) {
                anyEndpoint = true;
                if (idle.get().compareTo(timeout) < 0) {
                    return false;
                }
            }
        }
        return anyEndpoint;
    }

    private static boolean watchable(Call call) {
        return call.state() == CallState.ACTIVE && call.answeredAt().isPresent()
                && call.legs().stream().noneMatch(Leg::held)
                && call.voicemail().flatMap(v -> v.screeningLegId()).isEmpty();
    }

    private void end(Call call, EndReason reason, String why) {
        try {
            calls.hangup(call.id(), reason);
            LOG.info("call={} ended by Switchboard: {}", call.id(), why);
        } catch (IllegalCallStateException | CallNotFoundException e) {
            LOG.debug("call={} ended before its limit applied: {}", call.id(), e.getMessage());
        }
        watchedSince.remove(call.id());
    }
}
