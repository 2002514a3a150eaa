package org.switchboard.testing.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.switchboard.testing.salesforce.Org.StoredRecord;
import org.switchboard.testing.salesforce.Sessions.Session;

/**
 * Salesforce's OAuth endpoints on the login URL: token (JWT bearer, authorization code with PKCE, refresh),
 * authorize (web-server flow; the user who "logs in" is set by the test), and the identity URL.
 */
final class OAuth {
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Duration MAX_JWT_LIFETIME = Duration.ofMinutes(5);
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(15);
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A connected app: its certificate's key, an optional consumer secret, its callback URLs (empty: any). */
    record App(String clientId, RSAPublicKey key, String secret, Set<String> callbacks) {
    }

    private record Code(String clientId, String redirectUri, String challenge, String userId, String scope,
            Instant issued) {
    }

    private final Org org;
    private final Sessions sessions;
    private final Clock clock;
    private final Supplier<URI> url;
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private volatile String authorizedUsername;

    OAuth(Org org, Sessions sessions, Clock clock, Supplier<URI> url) {
        this.org = org;
        this.sessions = sessions;
        this.clock = clock;
        this.url = url;
    }

    void register(App app) {
        apps.put(app.clientId(), app);
    }

    void authorizeAs(String username) {
        this.authorizedUsername = username;
    }

    // ---- POST /services/oauth2/token

    Reply token(Request request) {
        if (!request.method().equals("POST")) {
            throw ApiError.oauth("invalid_request", "must use HTTP POST");
        }
        String contentType = request.header("Content-Type").orElse("");
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw ApiError.oauth("invalid_request", "must use application/x-www-form-urlencoded");
        }
        Map<String, String> form;
        try {
            form = Request.form(request.bodyText());
        } catch (IllegalArgumentException e) {
            throw ApiError.oauth("invalid_request", "malformed form body");
        }
        String grantType = form.getOrDefault("grant_type", "");
        return switch (grantType) {
            case JWT_BEARER -> jwtBearer(form.get("assertion"));
            case "authorization_code" -> authorizationCode(form);
            case "refresh_token" -> refresh(form);
            default -> throw ApiError.oauth("unsupported_grant_type", "grant type not supported");
        };
    }

    private Reply jwtBearer(String assertion) {
        if (assertion == null || assertion.isEmpty()) {
            throw ApiError.oauth("invalid_request", "assertion is required");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw ApiError.oauth("invalid_grant", "invalid assertion");
        }
        App app = Optional.ofNullable(claims.getIssuer()).map(apps::get)
                .orElseThrow(() -> ApiError.oauth("invalid_client_id", "client identifier invalid"));
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !verifies(jwt, app.key())) {
            throw ApiError.oauth("invalid_grant", "invalid assertion");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || audience.size() != 1 || !audience.get(0).equals(url.get().toString())) {
            throw ApiError.oauth("invalid_grant", "audience is invalid");
        }
        Date exp = claims.getExpirationTime();
        Instant now = clock.instant();
        if (exp == null) {
            throw ApiError.oauth("invalid_grant", "invalid assertion");
        }
        if (!exp.toInstant().isAfter(now)) {
            throw ApiError.oauth("invalid_grant", "expired authorization code");
        }
        if (exp.toInstant().isAfter(now.plus(MAX_JWT_LIFETIME))) {
            throw ApiError.oauth("invalid_grant", "invalid assertion expiration");
        }
        StoredRecord user = Optional.ofNullable(claims.getSubject()).flatMap(org::userByUsername)
                .filter(u -> Boolean.TRUE.equals(u.get("IsActive")))
                .orElseThrow(() -> ApiError.oauth("invalid_grant", "user hasn't approved this consumer"));
        Session session = new Session(user.id(), app.clientId(), "api");
        return Reply.json(200, tokenResponse(session, false).toString());
    }

    private static boolean verifies(SignedJWT jwt, RSAPublicKey key) {
        try {
            return jwt.verify(new RSASSAVerifier(key));
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private Reply authorizationCode(Map<String, String> form) {
        App app = client(form);
        Code code = Optional.ofNullable(form.get("code")).map(codes::remove)
                .orElseThrow(() -> ApiError.oauth("invalid_grant", "invalid authorization code"));
        if (clock.instant().isAfter(code.issued().plus(CODE_LIFETIME))) {
            throw ApiError.oauth("invalid_grant", "expired authorization code");
        }
        if (!code.clientId().equals(app.clientId())) {
            throw ApiError.oauth("invalid_grant", "invalid authorization code");
        }
        if (!code.redirectUri().equals(form.get("redirect_uri"))) {
            throw ApiError.oauth("redirect_uri_mismatch", "redirect_uri must match configuration");
        }
        String verifier = form.get("code_verifier");
        if (verifier == null || !VERIFIER.matcher(verifier).matches() || !s256(verifier).equals(code.challenge())) {
            throw ApiError.oauth("invalid_grant", "invalid code verifier");
        }
        Session session = new Session(code.userId(), app.clientId(), code.scope());
        return Reply.json(200, tokenResponse(session, true).toString());
    }

    private Reply refresh(Map<String, String> form) {
        App app = client(form);
        Session session = sessions.refresh(form.get("refresh_token"))
                .filter(s -> s.clientId().equals(app.clientId()))
                .orElseThrow(() -> ApiError.oauth("invalid_grant", "expired access/refresh token"));
        return Reply.json(200, tokenResponse(session, false).toString());
    }

    /** The app named by {@code client_id}; its secret must come along when it has one. */
    private App client(Map<String, String> form) {
        App app = Optional.ofNullable(form.get("client_id")).map(apps::get)
                .orElseThrow(() -> ApiError.oauth("invalid_client_id", "client identifier invalid"));
        if (app.secret() != null && !app.secret().equals(form.get("client_secret"))) {
            throw ApiError.oauth("invalid_client", "invalid client credentials");
        }
        return app;
    }

    private ObjectNode tokenResponse(Session session, boolean withRefreshToken) {
        ObjectNode body = JSON.createObjectNode().put("access_token", sessions.issueAccess(session));
        if (withRefreshToken) {
            body.put("refresh_token", sessions.issueRefresh(session));
        }
        return body.put("signature", sessions.randomText(32))
                .put("scope", session.scope())
                .put("instance_url", url.get().toString())
                .put("id", identityUrl(session.userId()))
                .put("token_type", "Bearer")
                .put("issued_at", Long.toString(clock.millis()));
    }

    private String identityUrl(String userId) {
        return url.get() + "/id/" + org.orgId() + "/" + userId;
    }

    // ---- GET /services/oauth2/authorize

    Reply authorize(Request request) {
        Map<String, String> q = request.query();
        App app = Optional.ofNullable(q.get("client_id")).map(apps::get).orElse(null);
        if (app == null) {
            return errorPage("invalid_client_id", "client identifier invalid");
        }
        String redirectUri = q.get("redirect_uri");
        if (redirectUri == null || !isAbsolute(redirectUri)
                || !app.callbacks().isEmpty() && !app.callbacks().contains(redirectUri)) {
            return errorPage("redirect_uri_mismatch", "redirect_uri must match configuration");
        }
        String state = q.get("state");
        if (!"code".equals(q.get("response_type"))) {
            return Reply.redirect(redirect(redirectUri, "error", "unsupported_response_type", "error_description",
                    "response type not supported", "state", state));
        }
        String challenge = q.get("code_challenge");
        if (challenge == null || !"S256".equals(q.get("code_challenge_method"))
                || !challenge.matches("[A-Za-z0-9_-]{43}")) {
            return Reply.redirect(redirect(redirectUri, "error", "invalid_request", "error_description",
                    "code_challenge with code_challenge_method S256 is required", "state", state));
        }
        String username = authorizedUsername;
        Optional<StoredRecord> user = Optional.ofNullable(username).flatMap(org::userByUsername)
                .filter(u -> Boolean.TRUE.equals(u.get("IsActive")));
        if (user.isEmpty()) {
            // nobody has "logged in": Salesforce would show its login page and wait
            return Reply.html(200, "<!DOCTYPE html><html><head><title>Login | Salesforce</title></head><body>"
                    + "<form id=\"login_form\"><input id=\"username\"><input id=\"password\" type=\"password\">"
                    + "</form></body></html>");
        }
        String code = sessions.newCode();
        String scope = Objects.requireNonNullElse(q.get("scope"), "api id refresh_token");
        codes.put(code, new Code(app.clientId(), redirectUri, challenge, user.get().id(), scope, clock.instant()));
        return Reply.redirect(redirect(redirectUri, "code", code, "state", state));
    }

    private static boolean isAbsolute(String uri) {
        try {
            return URI.create(uri).isAbsolute();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String redirect(String base, String... pairs) {
        StringBuilder target = new StringBuilder(base);
        char separator = base.contains("?") ? '&' : '?';
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                continue;
            }
            target.append(separator).append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            separator = '&';
        }
        return target.toString();
    }

    private static Reply errorPage(String error, String description) {
        return Reply.html(400, "<!DOCTYPE html><html><head><title>Error | Salesforce</title></head><body>"
                + "<p>error=" + error + "</p><p>error_description=" + description + "</p></body></html>");
    }

    static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- GET /id/<orgId>/<userId>

    Reply identity(Request request, String orgId, String userId) {
        Optional<Session> session = bearer(request).flatMap(sessions::access);
        if (session.isEmpty() || !orgId.equals(org.orgId()) || !session.get().userId().equals(userId)) {
            return Reply.text(403, "Bad_OAuth_Token");
        }
        StoredRecord user = org.byId(userId).orElseThrow(ApiError::notFound);
        ObjectNode body = JSON.createObjectNode()
                .put("id", identityUrl(userId))
                .put("asserted_user", true)
                .put("user_id", userId)
                .put("organization_id", orgId)
                .put("username", (String) user.get("Username"))
                .put("nick_name", ((String) user.get("Username")).split("@")[0])
                .put("display_name", (String) user.get("Name"))
                .put("email", (String) user.get("Email"))
                .put("active", Boolean.TRUE.equals(user.get("IsActive")))
                .put("user_type", "STANDARD");
        return Reply.json(200, body.toString());
    }

    /** The token of {@code Authorization: Bearer <token>} (Salesforce also takes the older {@code OAuth <token>}). */
    static Optional<String> bearer(Request request) {
        return request.header("Authorization").flatMap(value -> {
            String[] parts = value.trim().split("\\s+", 2);
            boolean scheme = parts.length == 2
                    && (parts[0].equalsIgnoreCase("Bearer") || parts[0].equalsIgnoreCase("OAuth"));
            return scheme ? Optional.of(parts[1]) : Optional.empty();
        });
    }
}
