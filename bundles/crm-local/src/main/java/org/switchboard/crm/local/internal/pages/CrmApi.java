package org.switchboard.crm.local.internal.pages;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.crm.local.internal.pages.Paths.RecordPath;
import org.switchboard.crm.local.internal.pages.Views.Error;

/**
 * The JSON the record pages read, below {@code /switchboard/crm/api}: {@code /<type>/<id>} for a
 * record with its related lists, {@code /home?q=} for the latest call Tasks and a search. Every
 * request needs a bearer token of an enabled agent; every failure is a JSON error, never a trace.
 */
final class CrmApi {
    static final int MAX_QUERY = 100;
    private static final String RECORDINGS_PATH = "/api/v1/recordings/";
    private static final Logger LOG = LoggerFactory.getLogger(CrmApi.class);

    /** An answer: HTTP status and what to write as JSON. */
    record Reply(int status, Object body) {
        static Reply ok(Object body) {
            return new Reply(200, body);
        }

        static Reply error(int status, String code, String message) {
            return new Reply(status, new Error(code, message));
        }
    }

    private final CrmRecords records;
    private final Tokens tokens;
    private final AgentService agents;

    CrmApi(CrmRecords records, Tokens tokens, AgentService agents) {
        this.records = records;
        this.tokens = tokens;
        this.agents = agents;
    }

    /**
     * @param path what follows {@code /api}, e.g. {@code /contact/<id>}
     * @param query the {@code q} parameter of {@code /home}, may be null
     * @param authorization the request's Authorization header, may be null
     */
    Reply get(String path, String query, String authorization) {
        if (tokens.agentOf(authorization).isEmpty()) {
            return Reply.error(401, "unauthorized", "Sign in to see CRM records.");
        }
        try {
            if ("/home".equals(path)) {
                return home(query);
            }
            Optional<RecordPath> record = RecordPath.parse(path);
            if (record.isEmpty()) {
                return Reply.error(404, "not-found", "No such CRM resource.");
            }
            RecordPath named = record.get();
            // no id of the local CRM has another form: a malformed one names nothing
            Optional<?> found = named.wellFormedId() ? find(named.type(), named.normalisedId()) : Optional.empty();
            return found.<Reply>map(Reply::ok)
                    .orElseGet(() -> Reply.error(404, "not-found", "No " + named.type() + " with this id."));
        } catch (SQLException e) {
            LOG.warn("CRM pages: database unavailable: {}", firstLine(e.getMessage()));
            return Reply.error(503, "crm-unavailable", "The CRM's database does not answer; try again shortly.");
        }
    }

    private Optional<?> find(String type, String id) throws SQLException {
        return switch (type) {
            case "contact" -> records.contact(id);
            case "account" -> records.account(id);
            case "case" -> records.caseRecord(id);
            case "opportunity" -> records.opportunity(id);
            case "task" -> records.task(id).map(this::taskView);
            default -> Optional.empty();
        };
    }

    private Reply home(String query) throws SQLException {
        String q = query == null ? "" : query.strip();
        if (q.length() > MAX_QUERY) {
            return Reply.error(400, "bad-request", "A search is at most " + MAX_QUERY + " characters.");
        }
        boolean search = !q.isEmpty();
        return Reply.ok(new Views.Home("home", q, records.recentTasks(),
                search ? records.findContacts(q) : List.of(), search ? records.findAccounts(q) : List.of()));
    }

    private Views.Task taskView(CrmRecords.TaskRow row) {
        TaskDescription description = TaskDescription.parse(row.description());
        List<Views.Recording> recordings = description.recordings().stream()
                .map(link -> new Views.Recording(link.recordingId().orElse(null), link.kind(), link.durationSeconds(),
                        link.url(), playable(link.url())))
                .toList();
        Views.Agent agent = row.agentId().map(id -> new Views.Agent(id, agentName(id))).orElse(null);
        return new Views.Task("task", row.id(), row.callId(), row.subject(), CrmRecords.callType(row.callType()),
                row.callType(), row.durationSeconds(), row.disposition(), row.createdAt(), row.updatedAt(),
                description.notes(), row.who(), row.what(), agent, recordings, Paths.page("task", row.id()));
    }

    /**
     * The link as this page plays it. A link to Switchboard's recordings is served by this same
     * server, whatever public address the link names: its path and query keep the player on the
     * page's own origin, which the page's CSP admits ({@code media-src 'self'}).
     */
    static String playable(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException notALink) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath();
        if (path == null || !(scheme.isEmpty() || scheme.equals("http") || scheme.equals("https"))) {
            return null;
        }
        if (path.startsWith(RECORDINGS_PATH)) {
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
        boolean local = scheme.isEmpty() && uri.getRawAuthority() == null && path.startsWith("/");
        return local || !scheme.isEmpty() ? url : null;
    }

    private String agentName(String id) {
        try {
            return agents.find(UUID.fromString(id)).map(AgentStatus::agent).map(a -> a.displayName()).orElse(null);
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}
