package org.switchboard.testing.salesforce;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.switchboard.testing.salesforce.Org.StoredRecord;
import org.switchboard.testing.salesforce.Schema.SObject;
import org.switchboard.testing.salesforce.Sessions.Session;

/** The REST API under {@code /services/data/vNN.0/}: query, search, and sobjects (insert, read, update, delete). */
final class DataApi {
    static final int OLDEST_VERSION = 50;
    static final int NEWEST_VERSION = 62;
    private static final Pattern VERSIONED = Pattern.compile("/services/data/v(\\d+)\\.0(/.*)?");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Org org;
    private final Sessions sessions;
    private final BooleanSupplier stallTaskInsert;

    DataApi(Org org, Sessions sessions, BooleanSupplier stallTaskInsert) {
        this.org = org;
        this.sessions = sessions;
        this.stallTaskInsert = stallTaskInsert;
    }

    Reply handle(Request request) {
        Session session = OAuth.bearer(request).flatMap(sessions::access)
                .orElseThrow(() -> ApiError.of(401, "INVALID_SESSION_ID", "Session expired or invalid"));
        Matcher versioned = VERSIONED.matcher(request.path());
        if (!versioned.matches()) {
            throw ApiError.notFound();
        }
        int major = Integer.parseInt(versioned.group(1));
        if (major < OLDEST_VERSION || major > NEWEST_VERSION) {
            throw ApiError.notFound();
        }
        String version = major + ".0";
        String rest = versioned.group(2) == null ? "" : versioned.group(2);
        List<String> segments = List.of(rest.replaceAll("^/+|/+$", "").split("/+"));
        String method = effectiveMethod(request);
        switch (segments.get(0)) {
            case "query" -> {
                requireMethod(method, segments.size() == 1, "GET");
                String soql = request.query().get("q");
                if (soql == null || soql.isBlank()) {
                    throw ApiError.badRequest("MALFORMED_QUERY", "A query string has to be specified");
                }
                return Reply.json(200, Soql.run(soql, org, version).toString());
            }
            case "search" -> {
                requireMethod(method, segments.size() == 1, "GET");
                String sosl = request.query().get("q");
                if (sosl == null || sosl.isBlank()) {
                    throw ApiError.badRequest("INVALID_SEARCH", "No search term found. The search term must be"
                            + " enclosed in braces.");
                }
                return Reply.json(200, Sosl.run(sosl, org, version).toString());
            }
            case "sobjects" -> {
                return sobjects(request, method, segments, session, version);
            }
            default -> throw ApiError.notFound();
        }
    }

    private Reply sobjects(Request request, String method, List<String> segments, Session session, String version) {
        if (segments.size() < 2 || segments.size() > 3) {
            throw ApiError.notFound();
        }
        SObject type = Schema.byName(segments.get(1)).orElseThrow(ApiError::notFound);
        if (segments.size() == 2) {
            requireMethod(method, true, "POST");
            String id = org.insert(type, body(request, type), session.userId());
            if (type.prefix().equals(Schema.TASK) && stallTaskInsert.getAsBoolean()) {
                return Reply.hold("stalled");
            }
            return Reply.json(201, "{\"id\":\"" + id + "\",\"success\":true,\"errors\":[]}");
        }
        String id = segments.get(2);
        switch (method) {
            case "GET" -> {
                StoredRecord record = org.find(type, id);
                List<FieldPath> all = type.fields().values().stream()
                        .map(f -> FieldPath.resolve(type, f.name()).orElseThrow()).toList();
                return Reply.json(200, FieldPath.render(record, all, org, version).toString());
            }
            case "PATCH" -> {
                org.update(type, id, body(request, type));
                return Reply.noContent();
            }
            case "DELETE" -> {
                org.delete(type, id);
                return Reply.noContent();
            }
            default -> throw methodNotAllowed(method, "GET,PATCH,DELETE,HEAD");
        }
    }

    /** Salesforce lets clients without PATCH send {@code POST ...?_HttpMethod=PATCH}. */
    private static String effectiveMethod(Request request) {
        String override = request.query().get("_HttpMethod");
        return request.method().equals("POST") && override != null ? override.toUpperCase(Locale.ROOT) : request.method();
    }

    private static void requireMethod(String method, boolean pathKnown, String allowed) {
        if (!pathKnown) {
            throw ApiError.notFound();
        }
        if (!method.equals(allowed)) {
            throw methodNotAllowed(method, allowed + (allowed.equals("GET") ? ",HEAD" : ""));
        }
    }

    private static ApiError methodNotAllowed(String method, String allowed) {
        return ApiError.of(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed. Allowed are " + allowed);
    }

    private static JsonNode body(Request request, SObject type) {
        String contentType = request.header("Content-Type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw ApiError.of(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type header specified in HTTP request is not"
                    + " supported: " + (contentType.isEmpty() ? "<none>" : contentType));
        }
        try {
            JsonNode node = JSON.readTree(request.body());
            if (node == null || node.isMissingNode()) {
                throw ApiError.badRequest("JSON_PARSER_ERROR", "No content to map due to end-of-input");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at [line:" + at.getLineNr() + ", column:" + at.getColumnNr() + "]";
            throw ApiError.badRequest("JSON_PARSER_ERROR", e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw ApiError.badRequest("JSON_PARSER_ERROR", "Unreadable body for " + type.name());
        }
    }
}
