package org.switchboard.crm.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integration user's access token, obtained with the OAuth 2.0 JWT bearer flow and kept
 * until Salesforce says it expired ({@code INVALID_SESSION_ID}). Salesforce's tokens carry no
 * lifetime, so there is nothing to refresh on a timer.
 */
final class IntegrationToken {
    private static final Logger LOG = LoggerFactory.getLogger(IntegrationToken.class);
    static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(3);
    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final SalesforceSettings settings;
    private final TokenEndpoint endpoint;
    private final Clock clock;
    private AccessToken current;

    IntegrationToken(SalesforceSettings settings, TokenEndpoint endpoint, Clock clock) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    synchronized AccessToken current() {
        if (current == null) {
            current = fetch();
        }
        return current;
    }

    /** A new token unless another thread already replaced the stale one. */
    synchronized AccessToken renew(AccessToken stale) {
        if (current == null || current.equals(stale)) {
            current = null;
            current = fetch();
        }
        return current;
    }

    synchronized Optional<AccessToken> cached() {
        return Optional.ofNullable(current);
    }

    private AccessToken fetch() {
        String what = "token for " + settings.username();
        Optional<String> incomplete = settings.incompleteness();
        if (incomplete.isPresent()) {
            throw Http.unavailable(what, incomplete.get());
        }
        String assertion;
        try {
            assertion = assertion();
        } catch (IllegalArgumentException e) {
            throw Http.unavailable(what, e.getMessage());
        }
        try {
            JsonNode answer = endpoint.exchange(Map.of("grant_type", JWT_BEARER, "assertion", assertion), what);
            AccessToken token = new AccessToken(Json.text(answer, "access_token").orElseThrow(),
                    instanceUrl(Json.text(answer, "instance_url").orElseThrow(), what));
            LOG.info("Salesforce: integration user {} signed in to {}", settings.username(), token.instanceUrl());
            return token;
        } catch (OAuthRefusedException e) {
            throw Http.unavailable(what, "Salesforce refused the JWT bearer grant: " + e.getMessage());
        }
    }

    private String assertion() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.clientId())
                .subject(settings.username())
                .audience(settings.loginUrl().toString())
                .expirationTime(Date.from(clock.instant().plus(ASSERTION_LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(PrivateKeys.read(settings.privateKeyFile().orElseThrow())));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with privateKeyFile: " + e.getMessage());
        }
        return jwt.serialize();
    }

    private static URI instanceUrl(String text, String what) {
        try {
            URI uri = URI.create(text);
            if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw Http.unavailable(what, "the token answer's instance_url is not a URL");
    }
}
