package org.switchboard.store.internal;

import java.security.SecureRandom;
import java.util.Optional;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** bcrypt hashes of agent passwords. */
final class PasswordHashes {
    static final int MIN_COST = 4;
    static final int MAX_COST = 31;

    private final SecureRandom random = new SecureRandom();
    private final int cost;
    /**
     * Checked when the agent is unknown, so a missing agent costs as much time as a wrong password.
     * Checking costs the same for any well-formed hash of this cost, so it is not computed: hashing
     * one took ~0.5 s of the store's activation, on the critical path of every start.
     */
    private final String decoy;

    PasswordHashes(int cost) {
        this.cost = requireValidCost(cost);
        this.decoy = decoyAt(cost);
    }

    /** A well-formed bcrypt string of the given cost whose password nobody knows (salt and hash arbitrary). */
    static String decoyAt(int cost) {
        return String.format("$2y$%02d$%s", cost, "N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy");
    }

    static int requireValidCost(int cost) {
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new IllegalArgumentException("bcryptCost must be " + MIN_COST + " to " + MAX_COST + ", was " + cost);
        }
        return cost;
    }

    String hash(char[] password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate(password, salt, cost);
    }

    boolean matches(Optional<String> storedHash, char[] password) {
        if (password == null || password.length == 0) {
            return false;
        }
        try {
            boolean matches = OpenBSDBCrypt.checkPassword(storedHash.orElse(decoy), password);
            return matches && storedHash.isPresent();
        } catch (IllegalArgumentException e) {
            // a password bcrypt cannot take (over 72 bytes) never matches
            return false;
        }
    }
}
