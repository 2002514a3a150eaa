package org.switchboard.crm.salesforce.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.api.crm.CrmAgent;

/**
 * Links begun and not finished: the OAuth {@code state} maps to the agent and the PKCE verifier
 * for ten minutes, in memory only (a restart just means the agent clicks "Connect" again). A state
 * is good for one callback.
 */
final class PendingLinks {
    static final Duration LIFETIME = Duration.ofMinutes(10);

    record Pending(CrmAgent agent, String verifier, Instant expiresAt) {
        String challenge() {
            return s256(verifier);
        }

        @Override
        public String toString() {
            return "Pending[agent=" + agent.username() + ", expiresAt=" + expiresAt + "]";
        }
    }

    private final Map<String, Pending> byState = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    PendingLinks(Clock clock) {
        this.clock = clock;
    }

    record Begun(String state, Pending pending) {
        @Override
        public String toString() {
            return "Begun[" + pending + "]";
        }
    }

    /** A new state and verifier for this agent; forgets links begun too long ago. */
    Begun begin(CrmAgent agent) {
        Instant now = clock.instant();
        byState.values().removeIf(pending -> !pending.expiresAt().isAfter(now));
        String state = randomText(24);
        Pending pending = new Pending(agent, randomText(48), now.plus(LIFETIME));
        byState.put(state, pending);
        return new Begun(state, pending);
    }

    /** The link begun with this state, if it is known and not expired; the state is used up either way. */
    Optional<Pending> take(String state) {
        if (state == null || state.isEmpty()) {
            return Optional.empty();
        }
        Pending pending = byState.remove(state);
        if (pending == null || !pending.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(pending);
    }

    int size() {
        return byState.size();
    }

    private String randomText(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }

    /** RFC 7636 S256: BASE64URL(SHA-256(ASCII(verifier))). */
    static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
