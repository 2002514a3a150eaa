package org.switchboard.crm.salesforce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.crm.CrmLink;
import org.switchboard.api.crm.NewCrmItem;
import org.switchboard.api.number.E164;
import org.switchboard.api.crm.Relation;
import org.switchboard.testing.MutableClock;
import org.switchboard.testing.salesforce.SalesforceEmulator.Demo;
import org.switchboard.testing.salesforce.SalesforceEmulator.Failure;

/**
 * "Connect Switchboard and Salesforce" end to end: the authorize URL driven like a browser that
 * stops at the redirect, then the callback handled as the servlet handles it.
 */
class AgentLinkingTest {
    private static final String SECRET = "C0nsumerSecretForTests";

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(java.time.Instant.now());
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private EmulatedOrg org;

    @AfterEach
    void stop() {
        if (org != null) {
            org.close();
        }
    }

    @Test
    void anAgentConnectsAndTheLinkIsStoredWithItsRefreshTokenEncrypted() throws Exception {
        org = new EmulatedOrg(directory, clock, Optional.of(SECRET));
        org.salesforce.authorizeAs(Demo.ALICE_USERNAME);

        URI authorize = org.connector().beginLink(org.alice).orElseThrow();
        Map<String, String> query = query(authorize);
        assertThat(authorize.toString()).startsWith(org.salesforce.url() + "/services/oauth2/authorize?");
        assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", EmulatedOrg.CLIENT_ID)
                .containsEntry("redirect_uri", EmulatedOrg.CALLBACK).containsEntry("code_challenge_method", "S256")
                .containsEntry("scope", "api id refresh_token");
        assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");

        Map<String, String> back = followToCallback(authorize);
        assertThat(back.get("state")).isEqualTo(query.get("state"));
        LinkOutcome outcome = org.wiring.linking().complete(back.get("state"), back.get("code"), null, null);

        assertThat(outcome).isEqualTo(new LinkOutcome.Linked("Alice Agent"));
        assertThat(CallbackPage.status(outcome)).isEqualTo(200);
        assertThat(CallbackPage.html(outcome))
                .contains("Switchboard is now connected to Salesforce as Alice Agent. You can close this window.");
        assertThat(org.connector().link(org.alice)).isEqualTo(CrmLink.linked(org.demo.aliceUserId(), "Alice Agent"));
        assertThat(org.connector().link(org.bob)).isEqualTo(CrmLink.notLinked());

        String sealed = org.database.single("SELECT refresh_token_enc FROM crm_salesforce_links WHERE agent_id = ?",
                org.alice.agentId());
        String refreshToken = org.links.refreshToken(org.alice.agentId()).orElseThrow();
        assertThat(sealed).startsWith("v1:").doesNotContain(refreshToken);
        assertThat(org.database.single("SELECT sf_user_name FROM crm_salesforce_links WHERE agent_id = ?", org.alice.agentId()))
                .isEqualTo("Alice Agent");
        assertThat(refreshGrant(refreshToken).statusCode()).as("the stored refresh token is the real one").isEqualTo(200);

        // now alice may create items, owned by her Salesforce user
        var created = org.connector().createItem(org.alice, new NewCrmItem(Relation.CASE, org.demo.hanakoContactId(), "Linked", ""));
        assertThat(org.salesforce.records("Case").stream().filter(c -> created.id().equals(c.get("Id"))).findFirst().orElseThrow())
                .containsEntry("OwnerId", org.demo.aliceUserId());
    }

    @Test
    void aStateIsGoodForOneCallbackAndForTenMinutes() throws Exception {
        org = new EmulatedOrg(directory, clock, Optional.empty());
        org.salesforce.authorizeAs(Demo.ALICE_USERNAME);
        Map<String, String> back = followToCallback(org.connector().beginLink(org.alice).orElseThrow());
        assertThat(org.wiring.linking().complete(back.get("state"), back.get("code"), null, null))
                .isInstanceOf(LinkOutcome.Linked.class);

        LinkOutcome replayed = org.wiring.linking().complete(back.get("state"), back.get("code"), null, null);
        assertThat(replayed).isInstanceOf(LinkOutcome.Failed.class);
        assertThat(CallbackPage.status(replayed)).isEqualTo(400);
        assertThat(CallbackPage.html(replayed)).contains("unknown or has expired");

        Map<String, String> late = followToCallback(org.connector().beginLink(org.bob).orElseThrow());
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(org.wiring.linking().complete(late.get("state"), late.get("code"), null, null))
                .isInstanceOf(LinkOutcome.Failed.class);
        assertThat(org.connector().link(org.bob).linked()).isFalse();

        assertThat(org.wiring.linking().complete("forged", "code", null, null)).isInstanceOf(LinkOutcome.Failed.class);
        assertThat(org.wiring.linking().complete(null, null, null, null)).isInstanceOf(LinkOutcome.Failed.class);
    }

    @Test
    void aRefusedCodeOrADeniedConsentShowsAnErrorPage() throws Exception {
        org = new EmulatedOrg(directory, clock, Optional.empty());
        org.salesforce.authorizeAs(Demo.ALICE_USERNAME);
        Map<String, String> back = followToCallback(org.connector().beginLink(org.alice).orElseThrow());

        LinkOutcome refused = org.wiring.linking().complete(back.get("state"), back.get("code") + "x", null, null);

        assertThat(refused).isInstanceOf(LinkOutcome.Failed.class);
        assertThat(CallbackPage.status(refused)).isEqualTo(502);
        assertThat(CallbackPage.html(refused)).contains("Salesforce refused the authorization").contains("invalid_grant")
                .contains("Connect Switchboard and Salesforce");

        String state = query(org.connector().beginLink(org.alice).orElseThrow()).get("state");
        LinkOutcome denied = org.wiring.linking().complete(state, null, "access_denied", "end-user denied authorization");
        assertThat(CallbackPage.html(denied)).contains("Salesforce did not allow the connection (end-user denied authorization)");
        assertThat(org.connector().link(org.alice).linked()).isFalse();
    }

    @Test
    void theCallbackPageEscapesTheUsersName() {
        assertThat(CallbackPage.html(new LinkOutcome.Linked("<script>x</script> & Co")))
                .contains("as &lt;script&gt;x&lt;/script&gt; &amp; Co.").doesNotContain("<script>");
    }

    @Test
    void noTokenCodeVerifierSecretOrKeyEverReachesTheLog() throws Exception {
        String logged;
        Map<String, String> secrets = new HashMap<>();
        try (LogCapture log = new LogCapture()) {
            org = new EmulatedOrg(directory, clock, Optional.of(SECRET));
            org.salesforce.authorizeAs(Demo.ALICE_USERNAME);
            URI authorize = org.connector().beginLink(org.alice).orElseThrow();
            Map<String, String> back = followToCallback(authorize);
            org.wiring.linking().complete(back.get("state"), back.get("code"), null, null);
            org.wiring.linking().complete(back.get("state"), back.get("code"), null, null); // replay: error path
            secrets.put("state", back.get("state"));
            secrets.put("code", back.get("code"));
            secrets.put("refresh token", org.links.refreshToken(org.alice.agentId()).orElseThrow());
            secrets.put("challenge", query(authorize).get("code_challenge"));

            org.connector().findByPhone(org.bob, E164.of("+15551230001"));
            secrets.put("access token", accessToken());
            org.salesforce.expireTokens();
            org.connector().findByPhone(org.bob, E164.of("+15551230001"));
            secrets.put("renewed access token", accessToken());
            org.salesforce.failNext(1, Failure.RATE_LIMIT);
            try {
                org.connector().findByPhone(org.bob, E164.of("+15551230001"));
            } catch (RuntimeException expected) {
                // logged as one line
            }
            logged = log.text();
        }
        secrets.put("client secret", SECRET);
        String pem = java.nio.file.Files.readString(org.privateKeyPem);
        secrets.put("private key", pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow());
        secrets.put("encryption key", java.nio.file.Files.readString(org.keyFile).strip());

        assertThat(logged).contains("agent alice connected as Alice Agent").contains("session expired");
        secrets.forEach((what, value) -> assertThat(logged).as(what).doesNotContain(value));
        assertThat(logged).doesNotContain("Bearer").doesNotContain("eyJ"); // no JWT assertion either
        // nor anything shaped like a token, a code or the PKCE verifier (long base64url runs)
        assertThat(logged).doesNotContainPattern("[A-Za-z0-9_\\-]{40,}");
    }

    private String accessToken() {
        return org.wiring.cachedToken().orElseThrow().value();
    }

    /** What a browser that does not follow redirects sees: the authorize endpoint's redirect to our callback. */
    private Map<String, String> followToCallback(URI authorize) throws Exception {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(authorize).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(EmulatedOrg.CALLBACK + "?");
        return query(location);
    }

    private HttpResponse<String> refreshGrant(String refreshToken) throws Exception {
        String form = "grant_type=refresh_token&client_id=" + EmulatedOrg.CLIENT_ID + "&client_secret=" + SECRET
                + "&refresh_token=" + java.net.URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        return browser.send(HttpRequest.newBuilder(URI.create(org.salesforce.url() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
