package org.switchboard.sip.internal;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The highest nonce-count accepted per nonce (RFC 7616 §3.4: replay protection). Only nonces that
 * authenticated a request are recorded, so the map grows with real clients, not with attackers.
 */
final class NonceCounts {
    private record Entry(long highest, Instant expires) {}

    private final Map<String, Entry> counts = new ConcurrentHashMap<>();

    /** True when {@code nc} is higher than every count seen for this nonce; it is then recorded. */
    boolean advance(String nonce, long nc, Instant nonceExpires) {
        boolean[] accepted = {false};
        counts.compute(nonce, (key, entry) -> {
            if (entry == null || nc > entry.highest()) {
                accepted[0] = true;
                return new Entry(nc, nonceExpires);
            }
            return entry;
        });
        return accepted[0];
    }

    /** Forgets nonces that expired: a stale nonce is refused anyway. */
    int purge(Instant now) {
        int before = counts.size();
        counts.values().removeIf(entry -> entry.expires().isBefore(now));
        return before - counts.size();
    }

    int size() {
        return counts.size();
    }
}
