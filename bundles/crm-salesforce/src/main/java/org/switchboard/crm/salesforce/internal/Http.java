package org.switchboard.crm.salesforce.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.crm.CrmUnavailableException;

/**
 * Sends requests with a per-request timeout and turns every transport failure into
 * {@link CrmUnavailableException}, with one log line and no stack trace. Redirects are never
 * followed, so a bearer token never travels to a host we did not pick.
 */
final class Http {
    private static final Logger LOG = LoggerFactory.getLogger(Http.class);

    private final HttpClient client;
    private final Duration timeout;

    Http(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    static HttpClient newClient(Duration connectTimeout, Executor executor) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    }

    /** {@code what} names the request in the log and the exception, e.g. "GET query": never a token or query string. */
    HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw unavailable(what, "no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw unavailable(what, "cannot connect to " + request.uri().getHost() + ":" + port(request));
        } catch (IOException e) {
            throw unavailable(what, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CrmUnavailableException("Salesforce " + what + ": interrupted");
        }
    }

    static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static CrmUnavailableException unavailable(String what, String reason) {
        LOG.warn("Salesforce {}: {}", what, reason);
        return new CrmUnavailableException("Salesforce " + what + ": " + reason);
    }

    private static int port(HttpRequest request) {
        int port = request.uri().getPort();
        return port >= 0 ? port : "https".equals(request.uri().getScheme()) ? 443 : 80;
    }
}
