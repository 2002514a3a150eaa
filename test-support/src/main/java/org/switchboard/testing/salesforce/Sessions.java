package org.switchboard.testing.salesforce;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Access and refresh tokens the emulator issued, and whom they belong to. */
final class Sessions {
    record Session(String userId, String clientId, String scope) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Session> refreshTokens = new ConcurrentHashMap<>();
    private final String orgId15;

    Sessions(String orgId) {
        this.orgId15 = SalesforceIds.to15(orgId);
    }

    /** Shaped like Salesforce's: the org id, "!", then opaque text with dots and underscores. */
    String issueAccess(Session session) {
        String token = orgId15 + "!AQ" + randomText(40) + "." + randomText(60);
        accessTokens.put(token, session);
        return token;
    }

    String issueRefresh(Session session) {
        String token = "5Aep" + randomText(80);
        refreshTokens.put(token, session);
        return token;
    }

    Optional<Session> access(String token) {
        return Optional.ofNullable(token).map(accessTokens::get);
    }

    Optional<Session> refresh(String token) {
        return Optional.ofNullable(token).map(refreshTokens::get);
    }

    /** Every access token issued so far stops working; refresh tokens and the JWT flow still get new ones. */
    void expireAccessTokens() {
        accessTokens.clear();
    }

    String randomText(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Authorization codes: standard Base64 with padding, like Salesforce's, so a client must URL-encode them. */
    String newCode() {
        byte[] b = new byte[64];
        random.nextBytes(b);
        return "aPrx" + Base64.getEncoder().encodeToString(b);
    }
}
