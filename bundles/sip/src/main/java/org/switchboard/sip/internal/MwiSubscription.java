package org.switchboard.sip.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One phone's message-summary subscription (RFC 6665): the dialog it created, seen from our side as
 * notifier, so that we can send NOTIFYs in it without the stack keeping dialogs for us.
 *
 * @param localUri the To of the SUBSCRIBE (the mailbox); {@code localTag} our tag on it
 * @param remoteUri the From of the SUBSCRIBE (the phone); {@code remoteTag} its tag
 * @param remoteTarget the phone's Contact: where NOTIFYs go
 * @param routeSet the SUBSCRIBE's Record-Route, in order (the UAS's route set, RFC 3261 §12.1.1)
 * @param source {@code host:port} the SUBSCRIBE came from (a phone behind NAT is reached there)
 */
record MwiSubscription(Key key, UUID agentId, String account, String localUri, String remoteUri, String remoteTarget,
        List<String> routeSet, String source, String transport, AtomicLong cseq, Lease lease) {

    /** What identifies the dialog: Call-ID and both tags. */
    record Key(String callId, String remoteTag, String localTag) {}

    /** How long the subscription lasts, and the timer that ends it; refreshed by a new SUBSCRIBE. */
    static final class Lease {
        private Instant expiresAt;
        private ScheduledFuture<?> timer;

        Lease(Instant expiresAt) {
            this.expiresAt = expiresAt;
        }

        synchronized Instant expiresAt() {
            return expiresAt;
        }

        synchronized void renew(Instant expiresAt, ScheduledFuture<?> timer) {
            cancel();
            this.expiresAt = expiresAt;
            this.timer = timer;
        }

        synchronized void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }

    long nextCSeq() {
        return cseq.incrementAndGet();
    }

    /** Seconds left at {@code now}, at least 0, as {@code Subscription-State: active;expires=} says it. */
    long secondsLeft(Instant now) {
        long millis = lease.expiresAt().toEpochMilli() - now.toEpochMilli();
        return Math.max(0, (millis + 999) / 1000);
    }
}
