package org.switchboard.crm.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.crm.CrmRejectedException;
import org.switchboard.api.crm.CrmUnavailableException;

/**
 * The REST API at {@code {instance_url}/services/data/v{apiVersion}/} as the integration user.
 * An expired token ({@code 401 INVALID_SESSION_ID}) is replaced and the request sent once more;
 * every other failure becomes the SPI's exception with one log line: unavailable (retry later,
 * with Salesforce's wait when it says one) or rejected (Salesforce's own message and errorCode).
 */
final class SalesforceApi {
    private static final Logger LOG = LoggerFactory.getLogger(SalesforceApi.class);
    /** Salesforce names no wait for REQUEST_LIMIT_EXCEEDED (a rolling 24-hour limit); back off this long. */
    static final Duration RATE_LIMIT_BACKOFF = Duration.ofSeconds(30);

    private final Http http;
    private final IntegrationToken token;
    private final String apiVersion;
    private volatile Optional<String> lastFailure = Optional.empty();

    SalesforceApi(Http http, IntegrationToken token, String apiVersion) {
        this.http = http;
        this.token = token;
        this.apiVersion = apiVersion;
    }

    /** SOQL {@code query/?q=}. */
    JsonNode query(String soql) {
        return json(send("GET", "query/?q=" + Http.encode(soql), null, "GET query"));
    }

    /** SOSL {@code search/?q=}. */
    JsonNode search(String sosl) {
        return json(send("GET", "search/?q=" + Http.encode(sosl), null, "GET search"));
    }

    /** {@code POST sobjects/<type>}: the new record's id. */
    String create(String sobject, ObjectNode fields) {
        String what = "POST sobjects/" + sobject;
        JsonNode answer = json(send("POST", "sobjects/" + sobject, fields, what));
        return Json.text(answer, "id").filter(SalesforceIds::isId)
                .orElseThrow(() -> failed(what, "the answer names no record id"));
    }

    /** {@code PATCH sobjects/<type>/<id>}: false when the record is gone (deleted in Salesforce). */
    boolean update(String sobject, String id, ObjectNode fields) {
        String what = "PATCH sobjects/" + sobject;
        try {
            send("PATCH", "sobjects/" + sobject + "/" + id, fields, what);
            return true;
        } catch (RecordGoneException e) {
            return false;
        }
    }

    /** The last request's failure while it lasts (cleared by the next success), for the health report. */
    Optional<String> lastFailure() {
        return lastFailure;
    }

    AccessToken token() {
        return token.current();
    }

    private HttpResponse<String> send(String method, String path, ObjectNode body, String what) {
        AccessToken used = token.current();
        HttpResponse<String> response = http.send(request(used, method, path, body), what);
        if (response.statusCode() == 401 && errorCode(response).map("INVALID_SESSION_ID"::equals).orElse(true)) {
            LOG.info("Salesforce: the integration user's session expired; signing in again");
            response = http.send(request(token.renew(used), method, path, body), what);
        }
        return checked(response, what);
    }

    private HttpRequest request(AccessToken token, String method, String path, ObjectNode body) {
        URI uri = URI.create(token.instanceUrl() + "/services/data/v" + apiVersion + "/" + path);
        HttpRequest.Builder request = http.request(uri).header("Authorization", token.authorization());
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
    }

    private HttpResponse<String> checked(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            lastFailure = Optional.empty();
            return response;
        }
        Optional<JsonNode> error = firstError(response);
        String code = error.flatMap(e -> Json.text(e, "errorCode")).orElse("");
        String message = error.flatMap(e -> Json.text(e, "message")).orElse("");
        String detail = "HTTP " + status + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message);
        Optional<Duration> retryAfter = retryAfter(response);
        if ("REQUEST_LIMIT_EXCEEDED".equals(code)) {
            throw failed(what, detail, retryAfter.or(() -> Optional.of(RATE_LIMIT_BACKOFF)));
        }
        if (status == 404 && ("NOT_FOUND".equals(code) || "ENTITY_IS_DELETED".equals(code)) && what.startsWith("PATCH")) {
            throw new RecordGoneException();
        }
        if (status == 400 && error.isPresent() || status == 403 && error.isPresent()) {
            LOG.warn("Salesforce {}: refused, {}", what, detail);
            throw new CrmRejectedException("Salesforce refused the request: " + code + ": " + message);
        }
        // 401 after the retry, 404 (wrong apiVersion or instance), 429, 5xx, HTML pages
        throw failed(what, error.isPresent() ? detail : "HTTP " + status + (Json.parse(response.body()).isEmpty() ? ", not JSON" : ""),
                retryAfter);
    }

    private JsonNode json(HttpResponse<String> response) {
        String what = response.request().method() + " " + response.request().uri().getPath().replaceFirst(".*/v[0-9.]+/", "");
        return Json.parse(response.body()).orElseThrow(() -> failed(what, "the answer is not JSON"));
    }

    private CrmUnavailableException failed(String what, String reason) {
        return failed(what, reason, Optional.empty());
    }

    private CrmUnavailableException failed(String what, String reason, Optional<Duration> retryAfter) {
        lastFailure = Optional.of(what + ": " + reason);
        CrmUnavailableException logged = Http.unavailable(what, reason + retryAfter.map(d -> " (retry after " + d.toSeconds() + " s)").orElse(""));
        return retryAfter.map(d -> new CrmUnavailableException(logged.getMessage(), d)).orElse(logged);
    }

    private static Optional<String> errorCode(HttpResponse<String> response) {
        return firstError(response).flatMap(e -> Json.text(e, "errorCode"));
    }

    /** Salesforce answers errors as {@code [{"message","errorCode","fields"}]}. */
    private static Optional<JsonNode> firstError(HttpResponse<String> response) {
        return Json.parse(response.body())
                .filter(JsonNode::isArray)
                .filter(array -> array.size() > 0)
                .map(array -> array.get(0))
                .filter(first -> Json.text(first, "errorCode").isPresent() || Json.text(first, "message").isPresent());
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<String> response) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(header.get());
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }

    /** A PATCH target that no longer exists; handled by the caller, never leaves this class. */
    private static final class RecordGoneException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RecordGoneException() {
            super(null, null, false, false);
        }
    }
}
