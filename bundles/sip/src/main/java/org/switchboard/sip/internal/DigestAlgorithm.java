package org.switchboard.sip.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** The digest algorithms of RFC 8760 we speak, with the token used in the headers. */
enum DigestAlgorithm {
    SHA_256("SHA-256", "SHA-256"),
    MD5("MD5", "MD5");

    private final String token;
    private final String javaName;

    DigestAlgorithm(String token, String javaName) {
        this.token = token;
        this.javaName = javaName;
    }

    /** As written in {@code algorithm=}. */
    String token() {
        return token;
    }

    /** Lower-case hex of the hash of the UTF-8 text. */
    String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(javaName).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(javaName + " is required by every Java runtime", e);
        }
    }

    /** An absent algorithm parameter means MD5 (RFC 2617 §3.2.1). */
    static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.of(MD5);
        }
        String upper = token.toUpperCase(Locale.ROOT);
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.token.equals(upper)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
