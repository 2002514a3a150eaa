package org.switchboard.crm.salesforce.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The connector's configuration, checked once when applied. {@link #configured()} is false while
 * no {@code clientId} is set: the bundle then offers no connector at all.
 */
record SalesforceSettings(
        URI loginUrl,
        String clientId,
        Optional<String> clientSecret,
        String username,
        Optional<Path> privateKeyFile,
        String apiVersion,
        URI callbackUrl,
        Duration requestTimeout) {

    static final String DEFAULT_CALLBACK = "http://localhost:8181/switchboard/crm-salesforce/oauth/callback";
    private static final Pattern API_VERSION = Pattern.compile("[1-9][0-9]?\\.0");

    SalesforceSettings {
        Objects.requireNonNull(loginUrl, "loginUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(callbackUrl, "callbackUrl");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (!API_VERSION.matcher(apiVersion).matches()) {
            throw new IllegalArgumentException("apiVersion must look like 62.0, not " + apiVersion);
        }
        if (callbackUrl.getPath().length() < 2) {
            throw new IllegalArgumentException("callbackUrl needs a path, e.g. " + DEFAULT_CALLBACK);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeoutSeconds must be at least 1");
        }
    }

    /** Reads the raw configuration values; blank optional values count as absent. */
    static SalesforceSettings of(String loginUrl, String clientId, String clientSecret, String username,
            String privateKeyFile, String apiVersion, String callbackUrl, int requestTimeoutSeconds) {
        return new SalesforceSettings(
                httpUrl("loginUrl", trimSlashes(blankToDefault(loginUrl, "https://login.salesforce.com"))),
                strip(clientId),
                Optional.of(strip(clientSecret)).filter(s -> !s.isEmpty()),
                strip(username),
                Optional.of(strip(privateKeyFile)).filter(s -> !s.isEmpty()).map(Path::of),
                blankToDefault(apiVersion, "62.0"),
                httpUrl("callbackUrl", blankToDefault(callbackUrl, DEFAULT_CALLBACK)),
                Duration.ofSeconds(requestTimeoutSeconds));
    }

    boolean configured() {
        return !clientId.isEmpty();
    }

    /** What stops the integration user from getting a token, before even asking Salesforce. */
    Optional<String> incompleteness() {
        if (username.isEmpty()) {
            return Optional.of("username (the integration user) is not set");
        }
        if (privateKeyFile.isEmpty()) {
            return Optional.of("privateKeyFile is not set");
        }
        return Optional.empty();
    }

    URI tokenEndpoint() {
        return URI.create(loginUrl + "/services/oauth2/token");
    }

    URI authorizeEndpoint() {
        return URI.create(loginUrl + "/services/oauth2/authorize");
    }

    /** The callback servlet's whiteboard pattern: the path of the callback URL. */
    String callbackPath() {
        return callbackUrl.getPath();
    }

    private static URI httpUrl(String key, String text) {
        try {
            URI uri = new URI(text);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(key + " must be an http(s) URL, not " + text);
            }
            if (uri.getPath() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(key + " must have no query or fragment: " + text);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a URL: " + text, e);
        }
    }

    private static String trimSlashes(String url) {
        String trimmed = url;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static String blankToDefault(String value, String fallback) {
        String stripped = strip(value);
        return stripped.isEmpty() ? fallback : stripped;
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
