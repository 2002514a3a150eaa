package org.switchboard.api.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed logins in a row per username and locks the username for a while once the
 * limit is reached. Unknown usernames are counted too, so a lockout says nothing about
 * whether an account exists. One policy for REST logins and SSH console logins; each keeps
 * its own instance (an agent and a console user are different accounts). Thread-safe.
 */
public final class LoginThrottle {
    /** Above this many tracked usernames, expired entries are purged (guessing random names costs memory). */
    private static final int PURGE_THRESHOLD = 10_000;

    private record Failures(int count, Instant lastFailure, Optional<Instant> lockedUntil) {}

    private final Clock clock;
    private final Map<String, Failures> failures = new HashMap<>();
    private volatile int maxFailures;
    private volatile Duration lockout;

    public LoginThrottle(Clock clock, int maxFailures, Duration lockout) {
        this.clock = clock;
        configure(maxFailures, lockout);
    }

    /** Applies new limits; nonsense values are clamped (at least one attempt, no negative lockout). */
    public void configure(int maxFailures, Duration lockout) {
        this.maxFailures = Math.max(1, maxFailures);
        this.lockout = lockout.isNegative() ? Duration.ZERO : lockout;
    }

    /** When the username is locked right now, until when. */
    public synchronized Optional<Instant> lockedUntil(String username) {
        Failures f = failures.get(username);
        if (f == null || f.lockedUntil().isEmpty()) {
            return Optional.empty();
        }
        if (clock.instant().isBefore(f.lockedUntil().get())) {
            return f.lockedUntil();
        }
        failures.remove(username); // lock expired: the count starts afresh
        return Optional.empty();
    }

    /** Records a failure; returns the lock end when this failure reached the limit. */
    public synchronized Optional<Instant> failed(String username) {
        Instant now = clock.instant();
        purgeIfLarge(now);
        int count = failures.containsKey(username) ? failures.get(username).count() + 1 : 1;
        Optional<Instant> lock = count >= maxFailures ? Optional.of(now.plus(lockout)) : Optional.empty();
        failures.put(username, new Failures(count, now, lock));
        return lock;
    }

    public synchronized void succeeded(String username) {
        failures.remove(username);
    }

    private void purgeIfLarge(Instant now) {
        if (failures.size() < PURGE_THRESHOLD) {
            return;
        }
        Instant staleBefore = now.minus(lockout);
        failures.values().removeIf(f -> f.lockedUntil().map(now::isAfter)
                .orElse(f.lastFailure().isBefore(staleBefore)));
    }
}
