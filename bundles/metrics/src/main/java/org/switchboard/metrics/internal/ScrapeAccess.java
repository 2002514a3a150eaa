package org.switchboard.metrics.internal;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may scrape: with {@code localhostOnly} only clients on this machine; with a token only
 * requests that carry {@code Authorization: Bearer <token>}. Both can be on at once.
 */
final class ScrapeAccess {
    enum Verdict {
        ALLOWED,
        /** No or a wrong bearer token: 401. */
        UNAUTHORIZED,
        /** A client on another machine while only localhost may scrape: 403. */
        FORBIDDEN
    }

    private static final String BEARER = "Bearer ";

    private final boolean localhostOnly;
    private final Optional<byte[]> token;

    ScrapeAccess(boolean localhostOnly, String token) {
        this.localhostOnly = localhostOnly;
        String trimmed = token == null ? "" : token.trim();
        this.token = trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed.getBytes(StandardCharsets.UTF_8));
    }

    boolean tokenRequired() {
        return token.isPresent();
    }

    boolean localhostOnly() {
        return localhostOnly;
    }

    Verdict check(Optional<InetAddress> client, Optional<String> authorization) {
        if (localhostOnly && !client.map(ScrapeAccess::isLocal).orElse(false)) {
            return Verdict.FORBIDDEN;
        }
        if (token.isPresent()) {
            byte[] offered = authorization
                    .filter(h -> h.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                    .map(h -> h.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8))
                    .orElse(new byte[0]);
            // constant time: a wrong token reveals nothing of the right one
            if (!MessageDigest.isEqual(offered, token.get())) {
                return Verdict.UNAUTHORIZED;
            }
        }
        return Verdict.ALLOWED;
    }

    private static boolean isLocal(InetAddress address) {
        return address.isLoopbackAddress();
    }
}
