package org.switchboard.sip.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless nonces: the issue time, a few random bytes (two challenges in the same millisecond must
 * not share a nonce, or one client's nc=1 would look like a replay of the other's) and an HMAC of both
 * under a key drawn at every start, so nothing is stored per challenge and a nonce from before a
 * restart is simply unknown.
 */
final class Nonces {
    enum Validity { FRESH, STALE, UNKNOWN }

    private static final int TIME_BYTES = Long.BYTES;
    private static final int RANDOM_BYTES = 6;
    private static final int SIGNED_BYTES = TIME_BYTES + RANDOM_BYTES;
    private static final int MAC_BYTES = 16;
    private final SecureRandom random = new SecureRandom();
    /** Tolerated clock step backwards before a nonce from "the future" is refused. */
    private static final Duration SKEW = Duration.ofSeconds(5);

    private final SecretKeySpec key;
    private final Duration validity;
    private final Clock clock;

    Nonces(Duration validity, Clock clock) {
        this(randomKey(), validity, clock);
    }

    Nonces(byte[] key, Duration validity, Clock clock) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.validity = validity;
        this.clock = clock;
    }

    String create() {
        byte[] unique = new byte[RANDOM_BYTES];
        random.nextBytes(unique);
        byte[] signed = ByteBuffer.allocate(SIGNED_BYTES).putLong(clock.millis()).put(unique).array();
        byte[] nonce = ByteBuffer.allocate(SIGNED_BYTES + MAC_BYTES).put(signed).put(mac(signed)).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    Validity check(String nonce) {
        return issuedAt(nonce).map(issued -> {
            Instant now = clock.instant();
            if (issued.isAfter(now.plus(SKEW))) {
                return Validity.UNKNOWN;
            }
            return now.isAfter(issued.plus(validity)) ? Validity.STALE : Validity.FRESH;
        }).orElse(Validity.UNKNOWN);
    }

    /** When one of our nonces was issued; empty when it is not ours (or not from this start). */
    Optional<Instant> issuedAt(String nonce) {
        if (nonce == null || nonce.length() > 64) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != SIGNED_BYTES + MAC_BYTES) {
            return Optional.empty();
        }
        byte[] signed = Arrays.copyOf(bytes, SIGNED_BYTES);
        byte[] presented = Arrays.copyOfRange(bytes, SIGNED_BYTES, bytes.length);
        return MessageDigest.isEqual(mac(signed), presented)
                ? Optional.of(Instant.ofEpochMilli(ByteBuffer.wrap(bytes).getLong())) : Optional.empty();
    }

    Duration validity() {
        return validity;
    }

    private byte[] mac(byte[] signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(signed), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
