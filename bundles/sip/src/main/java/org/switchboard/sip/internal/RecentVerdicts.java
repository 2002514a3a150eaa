package org.switchboard.sip.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Admission's verdict per INVITE transaction (Via branch) for about a transaction's life (64*T1), so that
 * a retransmission gets the same answer as its original. Under load the stack can hand an INVITE and its
 * retransmission to two threads at once, before either has a transaction: a 503 to the retransmission
 * of an admitted INVITE would end at the caller a call we then answer, and leave it up unacknowledged.
 */
final class RecentVerdicts {
    private static final long LIFETIME_MILLIS = 32_000;

    private final LongSupplier millis;
    private volatile Map<String, Admission.Verdict> current = new ConcurrentHashMap<>();
    private volatile Map<String, Admission.Verdict> previous = new ConcurrentHashMap<>();
    private volatile long currentSince;

    RecentVerdicts(LongSupplier millis) {
        this.millis = millis;
        this.currentSince = millis.getAsLong();
    }

    /** The verdict already given for this branch, or the one {@code decide} gives now (once per branch). */
    Admission.Verdict verdict(String branch, Supplier<Admission.Verdict> decide) {
        rotate();
        Admission.Verdict earlier = previous.get(branch);
        return earlier != null ? earlier : current.computeIfAbsent(branch, key -> decide.get());
    }

    private void rotate() {
        long now = millis.getAsLong();
        if (now - currentSince < LIFETIME_MILLIS) {
            return;
        }
        synchronized (this) {
            if (now - currentSince >= LIFETIME_MILLIS) {
                previous = current;
                current = new ConcurrentHashMap<>();
                currentSince = now;
            }
        }
    }
}
