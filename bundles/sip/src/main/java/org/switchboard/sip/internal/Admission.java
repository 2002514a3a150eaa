package org.switchboard.sip.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which new work the SIP server takes on under load. Only the start of something new is judged here:
 * an initial INVITE, or another initial request from a phone. Callers never ask about requests inside a
 * dialog, CANCEL, ACK, responses or timeouts: those finish calls already taken on and always run.
 *
 * <p>A new call is refused (503 with Retry-After) when jain-sip's parser threads or the SIP workers are
 * behind by more than {@code maxQueueDelay}, when {@code maxCallsPerSecond} is used up (token bucket), or
 * when {@code maxConcurrentCalls} calls are up. Trunks come first: requests from phones are refused as soon
 * as the server is half that delay behind. An address that sends more than
 * {@code maxUnauthenticatedInvitesPerSecond} INVITEs without credentials (a scanner's flood) is blocked
 * for {@code block}: from then on {@link BlockValve} drops whatever it sends before the stack sees it.
 */
final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    /** What to do with a new request. */
    enum Verdict {
        /** Take it on. */
        ADMIT,
        /** Answer 503 with Retry-After, statelessly. */
        REFUSE,
        /** Say nothing: the source has just been blocked as a flooder. */
        IGNORE
    }

    /** Configured limits; 0 turns a count limit off. */
    record Limits(int maxCallsPerSecond, Duration maxQueueDelay, int maxConcurrentCalls,
            int maxUnauthenticatedInvitesPerSecond, int retryAfterSeconds) {
        static final Limits DEFAULT = new Limits(0, Duration.ofMillis(200), 0, 20, 2);

        Limits {
            if (maxCallsPerSecond < 0 || maxConcurrentCalls < 0 || maxUnauthenticatedInvitesPerSecond < 0) {
                throw new IllegalArgumentException("maxCallsPerSecond, maxConcurrentCalls and maxUnauthenticatedInvitesPerSecond"
                        + " must be 0 (off) or more");
            }
            if (maxQueueDelay.toMillis() < 10) {
                throw new IllegalArgumentException("maxQueueDelayMillis must be at least 10, was "
                        + maxQueueDelay.toMillis());
            }
            if (retryAfterSeconds < 1 || retryAfterSeconds > 60) {
                throw new IllegalArgumentException("retryAfterSeconds must be 1 to 60, was " + retryAfterSeconds);
            }
        }
    }

    /** How many sources the flood counter follows at once; the least recently seen go first. */
    static final int MAX_SOURCES = 16_384;

    private final Limits limits;
    private final LongSupplier queueDelayMillis;
    private final IntSupplier liveCalls;
    private final AuthFailures blocks;
    private final Clock clock;
    private final CallRate callRate;
    private final Map<InetAddress, long[]> unauthenticated = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, long[]> eldest) {
            return size() > MAX_SOURCES;
        }
    };
    private final LongAdder refused = new LongAdder();
    private final LogThrottle blockLog;

    /**
     * @param queueDelayMillis how long the oldest datagram or task has waited for a parser thread or SIP worker
     * @param liveCalls calls up now
     * @param blocks where flooding addresses are blocked (shared with failed authentications)
     */
    Admission(Limits limits, LongSupplier queueDelayMillis, IntSupplier liveCalls, AuthFailures blocks, Clock clock) {
        this.limits = limits;
        this.queueDelayMillis = queueDelayMillis;
        this.liveCalls = liveCalls;
        this.blocks = blocks;
        this.clock = clock;
        this.blockLog = new LogThrottle(10, Duration.ofMinutes(1), clock);
        this.callRate = limits.maxCallsPerSecond() > 0 ? new CallRate(limits.maxCallsPerSecond(), clock.millis()) : null;
    }

    /**
     * An initial INVITE.
     *
     * @param fromTrunk it comes from a configured trunk's address
     * @param withCredentials it carries (Proxy-)Authorization: it will be a call, not a challenge
     */
    Verdict newCall(InetAddress source, boolean fromTrunk, boolean withCredentials) {
        if (!fromTrunk && !withCredentials && flooding(source)) {
            return Verdict.IGNORE;
        }
        if (behind(fromTrunk)) {
            return refuse();
        }
        if (!fromTrunk && !withCredentials) {
            return Verdict.ADMIT; // only a challenge: the call starts with the INVITE that answers it
        }
        if (limits.maxConcurrentCalls() > 0 && liveCalls.getAsInt() >= limits.maxConcurrentCalls()) {
            return refuse();
        }
        if (callRate != null && !callRate.take(clock.millis())) {
            return refuse();
        }
        return Verdict.ADMIT;
    }

    /** Another initial request (REGISTER, SUBSCRIBE, OPTIONS, MESSAGE…): phones' are shed under load, trunks' never. */
    Verdict newRequest(boolean fromTrunk) {
        return !fromTrunk && behind(false) ? refuse() : Verdict.ADMIT;
    }

    /**
     * True when a new call may be refused now: the server is behind (phones' threshold, the lower one), or
     * a call-rate or concurrent-call limit is configured (they can refuse at any moment).
     */
    boolean mayRefuseCalls() {
        return callRate != null || limits.maxConcurrentCalls() > 0 || behind(false);
    }

    /** For Retry-After: the configured seconds up to twice that, so refused callers do not all come back at once. */
    int retryAfterSeconds() {
        int base = limits.retryAfterSeconds();
        return base + ThreadLocalRandom.current().nextInt(base + 1);
    }

    /** New requests refused since the last call, for the server's periodic log line. */
    long takeRefused() {
        return refused.sumThenReset();
    }

    private boolean behind(boolean fromTrunk) {
        long allowed = limits.maxQueueDelay().toMillis();
        return queueDelayMillis.getAsLong() > (fromTrunk ? allowed : allowed / 2);
    }

    private Verdict refuse() {
        refused.increment();
        return Verdict.REFUSE;
    }

    /** Counts an unauthenticated INVITE from the source; true when it is one too many (the source is blocked now). */
    private boolean flooding(InetAddress source) {
        int limit = limits.maxUnauthenticatedInvitesPerSecond();
        if (limit == 0) {
            return false;
        }
        long second = clock.millis() / 1000;
        boolean over;
        synchronized (unauthenticated) {
            long[] count = unauthenticated.computeIfAbsent(source, key -> new long[2]);
            if (count[0] != second) {
                count[0] = second;
                count[1] = 0;
            }
            over = ++count[1] > limit;
            if (over) {
                unauthenticated.remove(source);
            }
        }
        if (over) {
            Instant until = blocks.block(source);
            long suppressed = blockLog.admit();
            if (suppressed >= 0) {
                LOG.warn("sip: blocking {} until {}: more than {} INVITEs without credentials in a second{}",
                        source.getHostAddress(), until, limit,
                        suppressed > 0 ? " (" + suppressed + " more blocks not logged)" : "");
            }
        }
        return over;
    }

    /** A token bucket: {@code perSecond} tokens a second, a fifth of a second's worth in reserve for bursts. */
    private static final class CallRate {
        private final double perMilli;
        private final double capacity;
        private double tokens;
        private long last;

        CallRate(int perSecond, long now) {
            this.perMilli = perSecond / 1000.0;
            this.capacity = Math.max(1, perSecond / 5.0);
            this.tokens = capacity;
            this.last = now;
        }

        synchronized boolean take(long now) {
            if (now > last) {
                tokens = Math.min(capacity, tokens + (now - last) * perMilli);
                last = now;
            }
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }
    }
}
