package org.switchboard.crm.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.switchboard.api.crm.CrmUnavailableException;

/** {@code POST {loginUrl}/services/oauth2/token}: every grant Switchboard uses goes through here. */
final class TokenEndpoint {
    private final SalesforceSettings settings;
    private final Http http;

    TokenEndpoint(SalesforceSettings settings, Http http) {
        this.settings = settings;
        this.http = http;
    }

    /**
     * The token answer (with {@code access_token} and {@code instance_url}).
     *
     * @throws OAuthRefusedException when Salesforce refuses the grant
     * @throws CrmUnavailableException when Salesforce cannot be reached or answers nonsense
     */
    JsonNode exchange(Map<String, String> form, String what) {
        HttpRequest request = http.request(settings.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(form))
                .build();
        HttpResponse<String> response = http.send(request, what);
        Optional<JsonNode> json = Json.parse(response.body());
        int status = response.statusCode();
        if (status == 200 && json.isPresent() && Json.text(json.get(), "access_token").isPresent()
                && Json.text(json.get(), "instance_url").isPresent()) {
            return json.get();
        }
        if (status >= 400 && status < 500 && json.isPresent() && Json.text(json.get(), "error").isPresent()) {
            throw new OAuthRefusedException(Json.text(json.get(), "error").orElseThrow(),
                    Json.text(json.get(), "error_description").orElse(""));
        }
        throw Http.unavailable(what, "unexpected answer (HTTP " + status + (json.isEmpty() ? ", not JSON" : "") + ")");
    }
}
