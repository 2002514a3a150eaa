package org.switchboard.crm.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.crm.CrmAgent;
import org.switchboard.api.crm.CrmUnavailableException;

/**
 * "Connect Switchboard and Salesforce": the OAuth 2.0 web-server flow with PKCE (S256) that links
 * an agent to their Salesforce user. {@link #begin} makes the authorize URL, {@link #complete}
 * handles Salesforce's redirect back (the callback servlet), reads who signed in from the
 * identity URL and stores the link.
 */
final class AgentLinking {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLinking.class);
    static final String SCOPES = "api id refresh_token";
    private static final String START_AGAIN = " Go back to Switchboard and click \"Connect Switchboard and Salesforce\" again.";

    private final SalesforceSettings settings;
    private final TokenEndpoint tokens;
    private final Http http;
    private final AgentLinks links;
    private final PendingLinks pending;
    private final Clock clock;

    AgentLinking(SalesforceSettings settings, TokenEndpoint tokens, Http http, AgentLinks links, PendingLinks pending, Clock clock) {
        this.settings = settings;
        this.tokens = tokens;
        this.http = http;
        this.links = links;
        this.pending = pending;
        this.clock = clock;
    }

    URI begin(CrmAgent agent) {
        PendingLinks.Begun begun = pending.begin(agent);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", settings.callbackUrl().toString());
        query.put("state", begun.state());
        query.put("code_challenge", begun.pending().challenge());
        query.put("code_challenge_method", "S256");
        query.put("scope", SCOPES);
        String encoded = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + Http.encode(e.getValue()).replace("+", "%20"))
                .collect(Collectors.joining("&"));
        LOG.info("Salesforce: agent {} is connecting their Salesforce user", agent.username());
        return URI.create(settings.authorizeEndpoint() + "?" + encoded);
    }

    /** The callback's query parameters, as Salesforce sent them; any of them may be missing. */
    LinkOutcome complete(String state, String code, String error, String errorDescription) {
        Optional<PendingLinks.Pending> begun = pending.take(state);
        if (begun.isEmpty()) {
            LOG.warn("Salesforce link: callback with an unknown or expired state");
            return new LinkOutcome.Failed(400, "This connection request is unknown or has expired." + START_AGAIN);
        }
        String username = begun.get().agent().username();
        if (error != null && !error.isBlank()) {
            String reason = errorDescription == null || errorDescription.isBlank() ? error : errorDescription;
            LOG.warn("Salesforce link for agent {}: Salesforce answered {}", username, error);
            return new LinkOutcome.Failed(403, "Salesforce did not allow the connection (" + reason + ")." + START_AGAIN);
        }
        if (code == null || code.isBlank()) {
            LOG.warn("Salesforce link for agent {}: the callback carries no code", username);
            return new LinkOutcome.Failed(400, "Salesforce sent no authorization code." + START_AGAIN);
        }
        try {
            return link(begun.get(), code);
        } catch (OAuthRefusedException e) {
            LOG.warn("Salesforce link for agent {}: the code was refused ({})", username, e.error());
            return new LinkOutcome.Failed(502, "Salesforce refused the authorization (" + e.getMessage() + ")." + START_AGAIN);
        } catch (CrmUnavailableException e) {
            LOG.warn("Salesforce link for agent {} failed: {}", username, e.getMessage());
            return new LinkOutcome.Failed(503, "Switchboard could not finish the connection (" + e.getMessage()
                    + "). Try again in a moment.");
        }
    }

    private LinkOutcome link(PendingLinks.Pending begun, String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("client_id", settings.clientId());
        form.put("redirect_uri", settings.callbackUrl().toString());
        form.put("code_verifier", begun.verifier());
        settings.clientSecret().ifPresent(secret -> form.put("client_secret", secret));
        JsonNode answer = tokens.exchange(form, "token for agent " + begun.agent().username());
        Optional<String> refreshToken = Json.text(answer, "refresh_token");
        if (refreshToken.isEmpty()) {
            LOG.warn("Salesforce link for agent {}: no refresh token issued", begun.agent().username());
            return new LinkOutcome.Failed(502, "Salesforce issued no refresh token: the connected app needs the scope "
                    + "\"Perform requests at any time (refresh_token, offline_access)\".");
        }
        Identity identity = identity(answer);
        AgentLink link = new AgentLink(begun.agent().agentId(), identity.userId(), identity.name(), AgentLinks.now(clock));
        links.save(link, refreshToken.get());
        LOG.info("Salesforce: agent {} connected as {} ({})", begun.agent().username(), identity.name(), identity.userId());
        return new LinkOutcome.Linked(identity.name());
    }

    private record Identity(String userId, String name) {}

    /** {@code GET} the identity URL with the agent's new token: who signed in. */
    private Identity identity(JsonNode answer) {
        String what = "GET identity";
        URI id = Json.text(answer, "id").flatMap(this::trustedIdentityUrl)
                .orElseThrow(() -> Http.unavailable(what, "the token answer has no identity URL on " + settings.loginUrl().getHost()));
        String accessToken = Json.text(answer, "access_token").orElseThrow();
        HttpResponse<String> response = http.send(http.request(id).header("Authorization", "Bearer " + accessToken).GET().build(), what);
        Optional<JsonNode> json = Json.parse(response.body());
        Optional<String> userId = json.flatMap(j -> Json.text(j, "user_id")).filter(SalesforceIds::isId);
        if (response.statusCode() != 200 || userId.isEmpty()) {
            throw Http.unavailable(what, "HTTP " + response.statusCode() + (userId.isEmpty() ? ", no user_id" : ""));
        }
        String name = json.flatMap(j -> Json.text(j, "display_name")).or(() -> json.flatMap(j -> Json.text(j, "username")))
                .orElse(userId.get());
        return new Identity(userId.get(), name);
    }

    /** The token goes only to the login host or an https Salesforce host, never elsewhere. */
    private Optional<URI> trustedIdentityUrl(String text) {
        try {
            URI uri = URI.create(text);
            boolean sameLoginHost = settings.loginUrl().getScheme().equals(uri.getScheme())
                    && settings.loginUrl().getAuthority().equals(uri.getAuthority());
            boolean salesforceHost = "https".equals(uri.getScheme()) && uri.getHost() != null
                    && (uri.getHost().endsWith(".salesforce.com") || uri.getHost().endsWith(".force.com"));
            return sameLoginHost || salesforceHost ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
