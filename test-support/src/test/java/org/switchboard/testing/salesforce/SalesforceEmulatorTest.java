package org.switchboard.testing.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.testing.salesforce.SalesforceEmulator.Demo;
import org.switchboard.testing.salesforce.SalesforceEmulator.Failure;

/** The emulator driven over HTTP the way a connector drives Salesforce. */
class SalesforceEmulatorTest {
    private static final String CLIENT_ID = "3MVG9switchboard.test.client";
    private static final KeyPair APP_KEYS = SalesforceEmulator.newKeyPair();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PHONE_RETURNING = " IN PHONE FIELDS RETURNING Contact(Id, Name, Phone, MobilePhone,"
            + " Email, Title, Account.Name), Lead(Id, Name, Phone, MobilePhone, Email, Title, Company),"
            + " Account(Id, Name, Phone)";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private SalesforceEmulator salesforce;
    private Demo demo;
    private String base;

    @BeforeEach
    void startOrg() {
        salesforce = SalesforceEmulator.start();
        demo = salesforce.seedDemo();
        salesforce.registerApp(CLIENT_ID, (RSAPublicKey) APP_KEYS.getPublic());
        base = salesforce.url() + "/services/data/v62.0/";
    }

    @AfterEach
    void stopOrg() {
        salesforce.close();
    }

    // ---- JWT bearer

    @Test
    void jwtBearerGrantGivesATokenThatOpensTheDataApi() throws Exception {
        HttpResponse<String> response = jwtGrant(jwt(APP_KEYS.getPrivate(), Demo.INTEGRATION_USERNAME,
                salesforce.url().toString(), Instant.now().plusSeconds(180)));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("instance_url").asText()).isEqualTo(salesforce.url().toString());
        assertThat(body.get("id").asText())
                .isEqualTo(salesforce.url() + "/id/" + salesforce.orgId() + "/" + demo.integrationUserId());
        assertThat(body.get("issued_at").asText()).matches("\\d{13}");
        String token = body.get("access_token").asText();
        assertThat(get(base + "query/?q=" + enc("SELECT Id FROM Account WHERE Id = '" + demo.acmeAccountId() + "'"),
                token).statusCode()).isEqualTo(200);
        assertThat(salesforce.url().toString()).doesNotEndWith("/");
    }

    @Test
    void jwtSignedWithAnotherKeyIsRefused() throws Exception {
        HttpResponse<String> response = jwtGrant(jwt(SalesforceEmulator.newKeyPair().getPrivate(),
                Demo.INTEGRATION_USERNAME, salesforce.url().toString(), Instant.now().plusSeconds(180)));

        assertOAuthError(response, "invalid_grant");
    }

    @Test
    void jwtForAnotherAudienceIsRefused() throws Exception {
        HttpResponse<String> withSlash = jwtGrant(jwt(APP_KEYS.getPrivate(), Demo.INTEGRATION_USERNAME,
                salesforce.url() + "/", Instant.now().plusSeconds(180)));
        HttpResponse<String> production = jwtGrant(jwt(APP_KEYS.getPrivate(), Demo.INTEGRATION_USERNAME,
                "https://login.salesforce.com", Instant.now().plusSeconds(180)));

        assertOAuthError(withSlash, "invalid_grant");
        assertThat(withSlash.body()).contains("audience is invalid");
        assertOAuthError(production, "invalid_grant");
    }

    @Test
    void jwtThatExpiredOrLivesLongerThanFiveMinutesIsRefused() throws Exception {
        assertOAuthError(jwtGrant(jwt(APP_KEYS.getPrivate(), Demo.INTEGRATION_USERNAME, salesforce.url().toString(),
                Instant.now().minusSeconds(5))), "invalid_grant");
        assertOAuthError(jwtGrant(jwt(APP_KEYS.getPrivate(), Demo.INTEGRATION_USERNAME, salesforce.url().toString(),
                Instant.now().plusSeconds(600))), "invalid_grant");
    }

    @Test
    void jwtForUnknownOrInactiveUserOrUnknownAppIsRefused() throws Exception {
        Instant exp = Instant.now().plusSeconds(180);
        String aud = salesforce.url().toString();
        assertOAuthError(jwtGrant(jwt(APP_KEYS.getPrivate(), "nobody@switchboard.test", aud, exp)), "invalid_grant");

        salesforce.deactivateUser(Demo.BOB_USERNAME);
        assertOAuthError(jwtGrant(jwt(APP_KEYS.getPrivate(), Demo.BOB_USERNAME, aud, exp)), "invalid_grant");

        assertOAuthError(jwtGrant(jwt(APP_KEYS.getPrivate(), "someone-else", Demo.INTEGRATION_USERNAME, aud, exp)),
                "invalid_client_id");
    }

    // ---- web-server flow with PKCE

    @Test
    void pkceFlowLinksTheAgentsSalesforceUser() throws Exception {
        salesforce.authorizeAs(Demo.ALICE_USERNAME);
        String verifier = "verifier-" + UUID.randomUUID() + "-" + UUID.randomUUID();
        String redirect = "http://127.0.0.1:8181/api/v1/crm/salesforce/callback";

        URI back = authorize(redirect, OAuth.s256(verifier), "state-123");
        Map<String, String> params = Request.form(back.getRawQuery());
        assertThat(back.toString()).startsWith(redirect + "?");
        assertThat(params).containsEntry("state", "state-123").containsKey("code");

        HttpResponse<String> exchange = postForm(salesforce.url() + "/services/oauth2/token", Map.of(
                "grant_type", "authorization_code", "code", params.get("code"), "client_id", CLIENT_ID,
                "redirect_uri", redirect, "code_verifier", verifier));
        assertThat(exchange.statusCode()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(exchange.body());
        assertThat(tokens.get("refresh_token").asText()).isNotEmpty();

        HttpResponse<String> identity = get(tokens.get("id").asText(), tokens.get("access_token").asText());
        assertThat(identity.statusCode()).isEqualTo(200);
        JsonNode who = JSON.readTree(identity.body());
        assertThat(who.get("user_id").asText()).isEqualTo(demo.aliceUserId());
        assertThat(who.get("username").asText()).isEqualTo(Demo.ALICE_USERNAME);
        assertThat(who.get("display_name").asText()).isEqualTo("Alice Agent");
        assertThat(who.get("organization_id").asText()).isEqualTo(salesforce.orgId());

        HttpResponse<String> reused = postForm(salesforce.url() + "/services/oauth2/token", Map.of(
                "grant_type", "authorization_code", "code", params.get("code"), "client_id", CLIENT_ID,
                "redirect_uri", redirect, "code_verifier", verifier));
        assertOAuthError(reused, "invalid_grant");

        salesforce.expireTokens();
        HttpResponse<String> refreshed = postForm(salesforce.url() + "/services/oauth2/token", Map.of(
                "grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token").asText(),
                "client_id", CLIENT_ID));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        String fresh = JSON.readTree(refreshed.body()).get("access_token").asText();
        assertThat(get(tokens.get("id").asText(), fresh).statusCode()).isEqualTo(200);
    }

    @Test
    void pkceExchangeWithWrongVerifierOrRedirectIsRefused() throws Exception {
        salesforce.authorizeAs(Demo.ALICE_USERNAME);
        String verifier = "verifier-" + UUID.randomUUID() + "-" + UUID.randomUUID();
        String redirect = "http://127.0.0.1:8181/callback";

        String code = Request.form(authorize(redirect, OAuth.s256(verifier), "s").getRawQuery()).get("code");
        assertOAuthError(postForm(salesforce.url() + "/services/oauth2/token", Map.of("grant_type",
                "authorization_code", "code", code, "client_id", CLIENT_ID, "redirect_uri", redirect,
                "code_verifier", verifier + "x")), "invalid_grant");

        String second = Request.form(authorize(redirect, OAuth.s256(verifier), "s").getRawQuery()).get("code");
        assertOAuthError(postForm(salesforce.url() + "/services/oauth2/token", Map.of("grant_type",
                "authorization_code", "code", second, "client_id", CLIENT_ID, "redirect_uri", redirect + "/other",
                "code_verifier", verifier)), "redirect_uri_mismatch");
    }

    @Test
    void authorizeWithoutS256ChallengeRedirectsWithAnError() throws Exception {
        salesforce.authorizeAs(Demo.ALICE_USERNAME);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(salesforce.url()
                + "/services/oauth2/authorize?response_type=code&client_id=" + CLIENT_ID
                + "&redirect_uri=" + enc("http://127.0.0.1/cb") + "&state=xyz")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow())
                .startsWith("http://127.0.0.1/cb?error=invalid_request").endsWith("&state=xyz");
    }

    // ---- search and query

    @Test
    void phoneSearchMatchesOnDigitsWhateverFormatTheNumberWasTypedIn() throws Exception {
        String token = integrationToken();

        JsonNode taroAndJiro = okJson(get(base + "search/?q=" + enc("FIND {\\+15551230002}" + PHONE_RETURNING), token));
        assertThat(names(taroAndJiro.get("searchRecords"))).containsExactly("Taro Sato", "Jiro Sato");
        assertThat(taroAndJiro.get("searchRecords").get(1).get("Account").isNull()).isTrue();

        JsonNode hanako = okJson(get(base + "search/?q=" + enc("FIND {\\+15551230001}" + PHONE_RETURNING), token))
                .get("searchRecords");
        assertThat(hanako).hasSize(1);
        assertThat(hanako.get(0).get("attributes").get("type").asText()).isEqualTo("Contact");
        assertThat(hanako.get(0).get("Id").asText()).isEqualTo(demo.hanakoContactId());
        assertThat(hanako.get(0).get("Account").get("Name").asText()).isEqualTo("Acme Corp");
        assertThat(hanako.get(0).has("MobilePhone")).isTrue();

        JsonNode nobody = okJson(get(base + "search/?q=" + enc("FIND {\\+15559999999}" + PHONE_RETURNING), token));
        assertThat(nobody.get("searchRecords")).isEmpty();
    }

    @Test
    void unescapedReservedCharacterInSearchTermIsRefused() throws Exception {
        String token = integrationToken();
        assertSalesforceError(get(base + "search/?q=" + enc("FIND {+15551230002}" + PHONE_RETURNING), token),
                400, "INVALID_SEARCH");
        assertSalesforceError(get(base + "search/?q=" + enc("FIND {555-123-0002}" + PHONE_RETURNING), token),
                400, "INVALID_SEARCH");
        assertSalesforceError(get(base + "search/?q=" + enc("FIND {\\+15551230002} IN PHONE FIELDS RETURNING"
                + " Lead(Id, Account.Name)"), token), 400, "INVALID_FIELD");
    }

    @Test
    void directorySearchFindsContactsAndActiveUsersByPrefix() throws Exception {
        String token = integrationToken();
        String returning = " IN ALL FIELDS RETURNING Contact(Id, Name, Phone, MobilePhone, Email, Title, Account.Name),"
                + " User(Id, Name, Phone, MobilePhone, Email, Title WHERE IsActive = true) LIMIT 20";

        assertThat(names(okJson(get(base + "search/?q=" + enc("FIND {Sat*}" + returning), token))
                .get("searchRecords"))).containsExactly("Taro Sato", "Jiro Sato");
        assertThat(names(okJson(get(base + "search/?q=" + enc("FIND {ali*}" + returning), token))
                .get("searchRecords"))).containsExactly("Alice Agent");

        salesforce.deactivateUser(Demo.ALICE_USERNAME);
        assertThat(okJson(get(base + "search/?q=" + enc("FIND {ali*}" + returning), token)).get("searchRecords"))
                .isEmpty();
    }

    @Test
    void openItemQueriesLeaveClosedItemsOut() throws Exception {
        String token = integrationToken();
        String cases = "SELECT Id, Subject, Status, ContactId FROM Case WHERE ContactId = '" + demo.hanakoContactId()
                + "' AND IsClosed = false ORDER BY CreatedDate DESC LIMIT 50";
        String opportunities = "SELECT Id, Name, StageName, ContactId FROM Opportunity WHERE ContactId = '"
                + demo.hanakoContactId() + "' AND IsClosed = false ORDER BY CreatedDate DESC LIMIT 50";

        JsonNode open = okJson(get(base + "query/?q=" + enc(cases), token));
        assertThat(open.get("totalSize").asInt()).isEqualTo(1);
        assertThat(open.get("records").get(0).get("Id").asText()).isEqualTo(demo.hanakoCaseId());
        assertThat(open.get("records").get(0).get("Status").asText()).isEqualTo("New");
        assertThat(okJson(get(base + "query/?q=" + enc(opportunities), token)).get("records").get(0).get("Id").asText())
                .isEqualTo(demo.hanakoOpportunityId());

        String newer = salesforce.addCase(demo.hanakoContactId(), "Second issue");
        assertThat(okJson(get(base + "query/?q=" + enc(cases), token)).get("records").findValuesAsText("Id"))
                .containsExactly(newer, demo.hanakoCaseId());

        salesforce.close(demo.hanakoCaseId());
        salesforce.close(demo.hanakoOpportunityId());
        assertThat(okJson(get(base + "query/?q=" + enc(cases), token)).get("records").findValuesAsText("Id"))
                .containsExactly(newer);
        assertThat(okJson(get(base + "query/?q=" + enc(opportunities), token)).get("totalSize").asInt()).isZero();
    }

    @Test
    void queriesOutsideTheContractsShapesAreRefused() throws Exception {
        String token = integrationToken();
        assertSalesforceError(get(base + "query/?q=" + enc("SELECT Id FROM Contact WHERE Name LIKE 'Taro%'"), token),
                400, "MALFORMED_QUERY");
        assertSalesforceError(get(base + "query/?q=" + enc("SELECT Id, Nickname FROM Contact"), token),
                400, "INVALID_FIELD");
        assertSalesforceError(get(base + "query/?q=" + enc("SELECT Id FROM Contact WHERE Id = 'abc'"), token),
                400, "INVALID_QUERY_FILTER_OPERATOR");
        assertSalesforceError(get(base + "query/?q=" + enc("SELECT Id FROM Task WHERE CallObject = 'it's'"), token),
                400, "MALFORMED_QUERY");
        JsonNode escaped = okJson(get(base + "query/?q=" + enc("SELECT Id FROM Task WHERE CallObject = 'it\\'s'"),
                token));
        assertThat(escaped.get("totalSize").asInt()).isZero();
    }

    @Test
    void contactDetailsQueryReadsOneRecordWithItsAccountName() throws Exception {
        JsonNode found = okJson(get(base + "query/?q=" + enc("SELECT Id, Name, Phone, MobilePhone, Email, Title,"
                + " Account.Name FROM Contact WHERE Id = '" + demo.hanakoContactId().substring(0, 15) + "'"),
                integrationToken()));

        assertThat(found.get("totalSize").asInt()).isEqualTo(1);
        JsonNode hanako = found.get("records").get(0);
        assertThat(hanako.get("Name").asText()).isEqualTo("Hanako Yamada");
        assertThat(hanako.get("Phone").asText()).isEqualTo("+15551230001");
        assertThat(hanako.get("Account").get("Name").asText()).isEqualTo("Acme Corp");
    }

    // ---- Task

    @Test
    void taskIsInsertedFoundByCallObjectAndAmended() throws Exception {
        String token = integrationToken();
        String callId = UUID.randomUUID().toString();

        HttpResponse<String> created = send("POST", base + "sobjects/Task", token, taskJson(callId,
                "\"WhoId\":\"" + demo.hanakoContactId() + "\",\"WhatId\":\"" + demo.hanakoCaseId() + "\""));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode result = JSON.readTree(created.body());
        assertThat(result.get("success").asBoolean()).isTrue();
        assertThat(result.get("errors")).isEmpty();
        String taskId = result.get("id").asText();
        assertThat(taskId).startsWith("00T").hasSize(18);

        JsonNode byCall = okJson(get(base + "query/?q="
                + enc("SELECT Id FROM Task WHERE CallObject = '" + callId + "' LIMIT 1"), token));
        assertThat(byCall.get("records").get(0).get("Id").asText()).isEqualTo(taskId);

        HttpResponse<String> amended = send("PATCH", base + "sobjects/Task/" + taskId, token,
                "{\"Description\":\"Customer called back, resolved.\",\"CallDisposition\":\"resolved\"}");
        assertThat(amended.statusCode()).isEqualTo(204);

        Map<String, Object> stored = salesforce.records("Task").get(0);
        assertThat(stored).containsEntry("Description", "Customer called back, resolved.")
                .containsEntry("CallDisposition", "resolved").containsEntry("CallDurationInSeconds", 95)
                .containsEntry("TaskSubtype", "Call").containsEntry("OwnerId", demo.integrationUserId())
                .containsEntry("IsClosed", true).containsKey("CreatedDate");
        assertThat(salesforce.requestLog()).contains("POST /services/data/v62.0/sobjects/Task 201",
                "PATCH /services/data/v62.0/sobjects/Task/" + taskId + " 204");
    }

    @Test
    void taskWithAnIdOfTheWrongKindIsRefused() throws Exception {
        String token = integrationToken();
        HttpResponse<String> accountAsWho = send("POST", base + "sobjects/Task", token,
                taskJson("c1", "\"WhoId\":\"" + demo.acmeAccountId() + "\""));
        assertSalesforceError(accountAsWho, 400, "FIELD_INTEGRITY_EXCEPTION");
        assertThat(JSON.readTree(accountAsWho.body()).get(0).get("fields").get(0).asText()).isEqualTo("WhoId");

        assertSalesforceError(send("POST", base + "sobjects/Task", token,
                taskJson("c2", "\"WhatId\":\"" + demo.aliceUserId() + "\"")), 400, "FIELD_INTEGRITY_EXCEPTION");
        assertSalesforceError(send("POST", base + "sobjects/Task", token,
                taskJson("c3", "\"OwnerId\":\"" + demo.hanakoContactId() + "\"")), 400, "FIELD_INTEGRITY_EXCEPTION");
        assertSalesforceError(send("POST", base + "sobjects/Task", token,
                taskJson("c4", "\"WhoId\":\"hanako\"")), 400, "MALFORMED_ID");
        assertThat(salesforce.records("Task")).isEmpty();
    }

    @Test
    void taskFieldRulesAreEnforced() throws Exception {
        String token = integrationToken();
        assertSalesforceError(send("POST", base + "sobjects/Task", token, taskJson("c", "\"Mood\":\"happy\"")),
                400, "INVALID_FIELD");
        assertSalesforceError(send("POST", base + "sobjects/Task", token,
                taskJson("c", "\"CallType\":\"Incoming\"").replace("\"CallType\":\"Inbound\",", "")),
                400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertSalesforceError(send("POST", base + "sobjects/Task", token,
                taskJson("c", "").replace("95", "\"95\"")), 400, "JSON_PARSER_ERROR");
        assertSalesforceError(send("POST", base + "sobjects/Task", token, "{\"Subject\":\"Call\","), 400,
                "JSON_PARSER_ERROR");
        assertSalesforceError(send("POST", base + "sobjects/Task", token,
                taskJson("c", "").replace("\"Subject\":\"Inbound call\",", "")), 400, "REQUIRED_FIELD_MISSING");
        assertSalesforceError(send("POST", base + "sobjects/Task", token,
                taskJson("c", "").replace("Inbound call", "x".repeat(256))), 400, "STRING_TOO_LONG");
        assertSalesforceError(send("POST", base + "sobjects/Task", token,
                taskJson("c", "").replace("\"TaskSubtype\":\"Call\"", "\"TaskSubtype\":\"Email\"")), 400,
                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(salesforce.records("Task")).isEmpty();
    }

    @Test
    void caseAndOpportunityNeedTheirRequiredFields() throws Exception {
        String token = integrationToken();
        assertSalesforceError(send("POST", base + "sobjects/Case", token,
                "{\"Description\":\"no subject\",\"ContactId\":\"" + demo.hanakoContactId() + "\"}"),
                400, "REQUIRED_FIELD_MISSING");
        assertSalesforceError(send("POST", base + "sobjects/Opportunity", token,
                "{\"Name\":\"Upsell\",\"ContactId\":\"" + demo.hanakoContactId() + "\"}"), 400, "REQUIRED_FIELD_MISSING");

        HttpResponse<String> opportunity = send("POST", base + "sobjects/Opportunity", token, "{\"Name\":\"Upsell\","
                + "\"Description\":\"from a call\",\"ContactId\":\"" + demo.hanakoContactId() + "\","
                + "\"StageName\":\"Prospecting\",\"CloseDate\":\"2026-01-31\",\"OwnerId\":\"" + demo.aliceUserId() + "\"}");
        assertThat(opportunity.statusCode()).isEqualTo(201);
        HttpResponse<String> created = send("POST", base + "sobjects/Case", token, "{\"Subject\":\"Broken headset\","
                + "\"Description\":\"from a call\",\"ContactId\":\"" + demo.hanakoContactId() + "\","
                + "\"Status\":\"New\",\"Origin\":\"Phone\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(salesforce.records("Case")).last().satisfies(c -> assertThat(c)
                .containsEntry("IsClosed", false).containsEntry("OwnerId", demo.integrationUserId()));
    }

    // ---- sessions and versions

    @Test
    void dataCallsNeedAValidTokenAndASupportedVersion() throws Exception {
        String token = integrationToken();
        String soql = "query/?q=" + enc("SELECT Id FROM Account WHERE Id = '" + demo.acmeAccountId() + "'");

        assertSalesforceError(get(base + soql, null), 401, "INVALID_SESSION_ID");
        assertSalesforceError(get(base + soql, "00D000000000001!bogus"), 401, "INVALID_SESSION_ID");
        assertSalesforceError(get(salesforce.url() + "/services/data/v49.0/" + soql, token), 404, "NOT_FOUND");
        assertSalesforceError(get(salesforce.url() + "/services/data/v63.0/" + soql, token), 404, "NOT_FOUND");
        assertSalesforceError(get(salesforce.url() + "/services/data/" + soql, token), 404, "NOT_FOUND");
        assertThat(get(salesforce.url() + "/services/data/v50.0/" + soql, token).statusCode()).isEqualTo(200);
    }

    @Test
    void expiredTokensAnswer401UntilANewOneIsTaken() throws Exception {
        String token = integrationToken();
        String soql = base + "query/?q=" + enc("SELECT Id FROM Account WHERE Id = '" + demo.acmeAccountId() + "'");

        salesforce.expireTokens();

        HttpResponse<String> expired = get(soql, token);
        assertSalesforceError(expired, 401, "INVALID_SESSION_ID");
        assertThat(JSON.readTree(expired.body()).get(0).get("message").asText()).isEqualTo("Session expired or invalid");
        assertThat(get(soql, integrationToken()).statusCode()).isEqualTo(200);
    }

    // ---- injected failures

    @Test
    void injectedFailuresAnswerTheNextDataRequestsThenStop() throws Exception {
        String token = integrationToken();
        String soql = base + "query/?q=" + enc("SELECT Id FROM Account WHERE Id = '" + demo.acmeAccountId() + "'");
        salesforce.failNext(2, Failure.RATE_LIMIT);
        salesforce.failNext(1, Failure.SERVER_ERROR_HTML);
        salesforce.failNext(1, Failure.MALFORMED_JSON);

        assertSalesforceError(get(soql, token), 403, "REQUEST_LIMIT_EXCEEDED");
        assertSalesforceError(get(soql, token), 403, "REQUEST_LIMIT_EXCEEDED");
        HttpResponse<String> html = get(soql, token);
        assertThat(html.statusCode()).isEqualTo(500);
        assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        HttpResponse<String> broken = get(soql, token);
        assertThat(broken.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JSON.readTree(broken.body())).isInstanceOf(IOException.class);

        assertThat(okJson(get(soql, token)).get("totalSize").asInt()).isEqualTo(1);
    }

    @Test
    void injectedTimeoutNeverAnswersWhileOtherRequestsAreServed() throws Exception {
        String token = integrationToken();
        String soql = base + "query/?q=" + enc("SELECT Id FROM Account WHERE Id = '" + demo.acmeAccountId() + "'");
        salesforce.failNext(1, Failure.TIMEOUT);

        CompletableFuture<HttpResponse<String>> held = http.sendAsync(HttpRequest.newBuilder(URI.create(soql))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        waitForLog("GET /services/data/v62.0/query/ timeout");

        assertThat(get(soql, token).statusCode()).isEqualTo(200);
        assertThat(held).isNotDone();
        salesforce.stop();
        assertThat(held).failsWithin(Duration.ofSeconds(5));
    }

    @Test
    void stalledTaskInsertIsStoredButNeverAcknowledged() throws Exception {
        String token = integrationToken();
        String callId = UUID.randomUUID().toString();
        salesforce.stallAfterTaskInsert(true);

        HttpRequest insert = HttpRequest.newBuilder(URI.create(base + "sobjects/Task"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMillis(500)).POST(HttpRequest.BodyPublishers.ofString(taskJson(callId, ""))).build();
        assertThatThrownBy(() -> http.send(insert, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        assertThat(salesforce.records("Task")).singleElement().satisfies(t -> assertThat(t).containsEntry("CallObject", callId));
        assertThat(salesforce.requestLog()).contains("POST /services/data/v62.0/sobjects/Task stalled");
        salesforce.stallAfterTaskInsert(false);
        JsonNode found = okJson(get(base + "query/?q="
                + enc("SELECT Id FROM Task WHERE CallObject = '" + callId + "' LIMIT 1"), token));
        assertThat(found.get("totalSize").asInt()).isEqualTo(1);
    }

    @Test
    void stoppedOrgRefusesConnectionsAndRestartsWithItsData() throws Exception {
        String token = integrationToken();
        String soql = base + "query/?q=" + enc("SELECT Id FROM Account WHERE Id = '" + demo.acmeAccountId() + "'");

        salesforce.stop();
        assertThatThrownBy(() -> get(soql, token)).isInstanceOf(ConnectException.class);

        salesforce.restart();
        assertThat(okJson(get(soql, token)).get("totalSize").asInt()).isEqualTo(1);
        assertThat(salesforce.url().getPort()).isEqualTo(URI.create(soql).getPort());
    }

    @Test
    void parallelTaskInsertsAreAllStored() throws Exception {
        String token = integrationToken();
        List<CompletableFuture<HttpResponse<String>>> inserts = java.util.stream.IntStream.range(0, 12)
                .mapToObj(i -> http.sendAsync(HttpRequest.newBuilder(URI.create(base + "sobjects/Task"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(taskJson("call-" + i, ""))).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();

        assertThat(inserts).allSatisfy(f -> assertThat(f.get().statusCode()).isEqualTo(201));
        assertThat(salesforce.records("Task")).hasSize(12);
    }

    @Test
    void pemIsPkcs8Text() {
        String pem = SalesforceEmulator.pem(APP_KEYS.getPrivate());
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(pem.lines().filter(l -> !l.startsWith("-----"))).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(64));
    }

    // ---- a client, as a connector would write it

    private String integrationToken() throws Exception {
        HttpResponse<String> response = jwtGrant(jwt(APP_KEYS.getPrivate(), Demo.INTEGRATION_USERNAME,
                salesforce.url().toString(), Instant.now().plusSeconds(180)));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private static String jwt(PrivateKey key, String subject, String audience, Instant expiry) throws JOSEException {
        return jwt(key, CLIENT_ID, subject, audience, expiry);
    }

    private static String jwt(PrivateKey key, String issuer, String subject, String audience, Instant expiry)
            throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                .expirationTime(Date.from(expiry)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private HttpResponse<String> jwtGrant(String assertion) throws Exception {
        return postForm(salesforce.url() + "/services/oauth2/token",
                Map.of("grant_type", OAuth.JWT_BEARER, "assertion", assertion));
    }

    private URI authorize(String redirect, String challenge, String state) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(salesforce.url()
                + "/services/oauth2/authorize?response_type=code&client_id=" + enc(CLIENT_ID)
                + "&redirect_uri=" + enc(redirect) + "&state=" + enc(state) + "&code_challenge=" + challenge
                + "&code_challenge_method=S256&scope=" + enc("api id refresh_token"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> postForm(String url, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String url, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String taskJson(String callId, String extra) {
        return "{\"Subject\":\"Inbound call\",\"Description\":\"Asked about delivery\",\"Status\":\"Completed\","
                + "\"Priority\":\"Normal\",\"TaskSubtype\":\"Call\",\"CallType\":\"Inbound\","
                + "\"CallDurationInSeconds\":95,\"CallObject\":\"" + callId + "\",\"CallDisposition\":\"answered\","
                + "\"ActivityDate\":\"2025-03-01\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private void waitForLog(String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!salesforce.requestLog().contains(line)) {
            assertThat(System.nanoTime()).as("request log has " + line).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static JsonNode okJson(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> names(JsonNode records) {
        return records.findValuesAsText("Name").stream().filter(n -> !n.equals("Acme Corp")).toList();
    }

    private static void assertOAuthError(HttpResponse<String> response, String error) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo(error);
    }

    private static void assertSalesforceError(HttpResponse<String> response, int status, String errorCode)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.isArray()).as(response.body()).isTrue();
        assertThat(body.get(0).get("errorCode").asText()).as(response.body()).isEqualTo(errorCode);
        assertThat(body.get(0).get("message").asText()).isNotEmpty();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
