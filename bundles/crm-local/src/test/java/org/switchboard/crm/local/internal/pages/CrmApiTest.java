package org.switchboard.crm.local.internal.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.crm.local.internal.CrmPagesFixture.ACME;
import static org.switchboard.crm.local.internal.CrmPagesFixture.FIBER_OPPORTUNITY;
import static org.switchboard.crm.local.internal.CrmPagesFixture.HANAKO;
import static org.switchboard.crm.local.internal.CrmPagesFixture.ROUTER_CASE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.agent.Agent;
import org.switchboard.crm.local.internal.CrmPagesFixture;
import org.switchboard.testing.UnreachableDataSource;

/** The pages' JSON, read from the demo CRM on a database migrated with the store's real scripts. */
class CrmApiTest {
    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CrmPagesFixture crm;
    private SignedInAgents signedIn;
    private Agent alice;
    private String bearer;
    private CrmApi api;

    @BeforeEach
    void demoCrmAndAliceSignedIn() throws SQLException {
        crm = CrmPagesFixture.demoOnH2(NOW.minusSeconds(86_400));
        signedIn = new SignedInAgents();
        alice = signedIn.agent("alice", "Alice Anderson", true);
        bearer = "Bearer " + signedIn.token(alice, NOW.plusSeconds(3600));
        api = apiOn(crm.dataSource());
    }

    @AfterEach
    void drop() throws SQLException {
        crm.close();
    }

    private CrmApi apiOn(DataSource dataSource) {
        return new CrmApi(new CrmRecords(dataSource), new Tokens(signedIn, signedIn, Clock.fixed(NOW, ZoneOffset.UTC)),
                signedIn);
    }

    private JsonNode ok(String path) {
        return ok(path, null);
    }

    private JsonNode ok(String path, String query) {
        CrmApi.Reply reply = api.get(path, query, bearer);
        assertThat(reply.status()).as(path + " " + JSON.valueToTree(reply.body())).isEqualTo(200);
        return JSON.valueToTree(reply.body());
    }

    private void task(String id, String contactId, String whatId, String subject, String description, Instant at,
            String agentId) throws SQLException {
        crm.execute("INSERT INTO crm_tasks (id, call_id, contact_id, what_id, subject, description, call_type,"
                + " call_duration_seconds, disposition, agent_id, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, 'INBOUND', 125, 'ANSWERED', ?, ?, ?)",
                id, UUID.randomUUID().toString(), contactId, whatId, subject, description, agentId,
                at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC));
    }

    @Test
    void contactHasHerFieldsAccountOpenItemsAndCallsNewestFirst() throws SQLException {
        String older = UUID.randomUUID().toString();
        String newer = UUID.randomUUID().toString();
        task(older, HANAKO, ROUTER_CASE, "First call", "", NOW.minusSeconds(600), null);
        task(newer, HANAKO, null, "Second call", "", NOW.minusSeconds(60), null);
        task(UUID.randomUUID().toString(), CrmPagesFixture.TARO, null, "Taro's call", "", NOW, null);

        JsonNode hanako = ok("/contact/" + HANAKO);

        assertThat(hanako.path("type").asText()).isEqualTo("contact");
        assertThat(hanako.path("name").asText()).isEqualTo("Hanako Yamada");
        assertThat(hanako.path("title").asText()).isEqualTo("IT Manager");
        assertThat(hanako.path("email").asText()).isEqualTo("hanako.yamada@acme.example");
        assertThat(hanako.path("url").asText()).isEqualTo("/switchboard/crm/contact/" + HANAKO);
        assertThat(hanako.path("account").path("name").asText()).isEqualTo("Acme Corp");
        assertThat(hanako.path("account").path("url").asText()).isEqualTo("/switchboard/crm/account/" + ACME);
        assertThat(hanako.path("phones").get(0).path("number").asText()).isEqualTo("+15551230001");
        assertThat(hanako.path("phones").get(0).path("kind").asText()).isEqualTo("WORK");
        JsonNode routerCase = hanako.path("cases").get(0);
        assertThat(routerCase.path("subject").asText()).isEqualTo("Router keeps rebooting");
        assertThat(routerCase.path("closed").asBoolean()).isFalse();
        assertThat(routerCase.path("url").asText()).isEqualTo("/switchboard/crm/case/" + ROUTER_CASE);
        JsonNode fiber = hanako.path("opportunities").get(0);
        assertThat(fiber.path("name").asText()).isEqualTo("Acme fiber upgrade");
        assertThat(fiber.path("stage").asText()).isEqualTo("Qualification");
        assertThat(fiber.path("amount").decimalValue()).isEqualByComparingTo("12000");
        assertThat(subjects(hanako.path("activities"))).containsExactly("Second call", "First call");
        JsonNode first = hanako.path("activities").get(1);
        assertThat(first.path("url").asText()).isEqualTo("/switchboard/crm/task/" + older);
        assertThat(first.path("what").path("name").asText()).isEqualTo("Router keeps rebooting");
        assertThat(first.path("callType").asText()).isEqualTo("Inbound");
        assertThat(first.path("durationSeconds").asInt()).isEqualTo(125);
    }

    @Test
    void closedCasesAndOpportunitiesAreListedAfterTheOpenOnesAndMarkedClosed() throws SQLException {
        crm.execute("INSERT INTO crm_cases (id, contact_id, subject, status, description, created_at)"
                + " VALUES (?, ?, 'Old outage', 'Closed', '', ?)", UUID.randomUUID().toString(), HANAKO,
                OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
        crm.execute("INSERT INTO crm_opportunities (id, contact_id, account_id, name, stage, created_at)"
                + " VALUES (?, ?, ?, 'Old deal', 'Closed Won', ?)", UUID.randomUUID().toString(), HANAKO, ACME,
                OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));

        JsonNode hanako = ok("/contact/" + HANAKO);

        assertThat(each(hanako.path("cases"), "subject")).containsExactly("Router keeps rebooting", "Old outage");
        assertThat(hanako.path("cases").get(1).path("closed").asBoolean()).isTrue();
        assertThat(each(hanako.path("opportunities"), "name")).containsExactly("Acme fiber upgrade", "Old deal");
        assertThat(hanako.path("opportunities").get(1).path("closed").asBoolean()).isTrue();
    }

    @Test
    void accountListsItsContactsCasesAndOpportunities() {
        JsonNode acme = ok("/account/" + ACME);

        assertThat(acme.path("name").asText()).isEqualTo("Acme Corp");
        assertThat(each(acme.path("contacts"), "name")).containsExactly("Hanako Yamada");
        assertThat(acme.path("contacts").get(0).path("phones").get(0).path("number").asText()).isEqualTo("+15551230001");
        assertThat(each(acme.path("cases"), "subject")).containsExactly("Router keeps rebooting");
        assertThat(acme.path("cases").get(0).path("contact").path("name").asText()).isEqualTo("Hanako Yamada");
        assertThat(each(acme.path("opportunities"), "stage")).containsExactly("Qualification");
    }

    @Test
    void caseAndOpportunityShowTheirContactAndOnlyTheirOwnCalls() throws SQLException {
        task(UUID.randomUUID().toString(), HANAKO, ROUTER_CASE, "About the router", "", NOW, null);
        task(UUID.randomUUID().toString(), HANAKO, FIBER_OPPORTUNITY, "About fiber", "", NOW, null);

        JsonNode routerCase = ok("/case/" + ROUTER_CASE);
        assertThat(routerCase.path("subject").asText()).isEqualTo("Router keeps rebooting");
        assertThat(routerCase.path("status").asText()).isEqualTo("New");
        assertThat(routerCase.path("description").asText()).startsWith("The office router restarts");
        assertThat(routerCase.path("contact").path("url").asText()).isEqualTo("/switchboard/crm/contact/" + HANAKO);
        assertThat(routerCase.path("account").path("name").asText()).isEqualTo("Acme Corp");
        assertThat(subjects(routerCase.path("activities"))).containsExactly("About the router");

        JsonNode fiber = ok("/opportunity/" + FIBER_OPPORTUNITY);
        assertThat(fiber.path("name").asText()).isEqualTo("Acme fiber upgrade");
        assertThat(fiber.path("stage").asText()).isEqualTo("Qualification");
        assertThat(fiber.path("contact").path("name").asText()).isEqualTo("Hanako Yamada");
        assertThat(subjects(fiber.path("activities"))).containsExactly("About fiber");
    }

    @Test
    void taskShowsTheCallItsNotesAgentLinksAndRecordings() throws SQLException {
        String id = UUID.randomUUID().toString();
        String recording = UUID.randomUUID().toString();
        String link = "https://pbx.example.com/api/v1/recordings/" + recording + "/audio?expires=1900000000&signature=a%2Bb";
        task(id, HANAKO, ROUTER_CASE, "Router call", "Rebooted it together.\n\nRecording (2:05): " + link
                + "\nVoicemail (0:42): https://elsewhere.example.com/vm/7", NOW, alice.id().toString());

        JsonNode call = ok("/task/" + id);

        assertThat(call.path("subject").asText()).isEqualTo("Router call");
        assertThat(call.path("callType").asText()).isEqualTo("Inbound");
        assertThat(call.path("direction").asText()).isEqualTo("INBOUND");
        assertThat(call.path("durationSeconds").asInt()).isEqualTo(125);
        assertThat(call.path("disposition").asText()).isEqualTo("ANSWERED");
        assertThat(call.path("createdAt").asText()).isEqualTo("2025-03-01T09:00:00Z");
        assertThat(call.path("notes").asText()).isEqualTo("Rebooted it together.");
        assertThat(call.path("who").path("name").asText()).isEqualTo("Hanako Yamada");
        assertThat(call.path("what").path("type").asText()).isEqualTo("case");
        assertThat(call.path("what").path("url").asText()).isEqualTo("/switchboard/crm/case/" + ROUTER_CASE);
        assertThat(call.path("agent").path("name").asText()).isEqualTo("Alice Anderson");
        JsonNode recorded = call.path("recordings").get(0);
        assertThat(recorded.path("id").asText()).isEqualTo(recording);
        assertThat(recorded.path("kind").asText()).isEqualTo("CALL");
        assertThat(recorded.path("durationSeconds").asInt()).isEqualTo(125);
        assertThat(recorded.path("url").asText()).isEqualTo(link);
        assertThat(recorded.path("audio").asText()).as("this server's recordings play from the page's own origin")
                .isEqualTo("/api/v1/recordings/" + recording + "/audio?expires=1900000000&signature=a%2Bb");
        JsonNode voicemail = call.path("recordings").get(1);
        assertThat(voicemail.path("kind").asText()).isEqualTo("VOICEMAIL");
        assertThat(voicemail.path("id").isNull()).isTrue();
        assertThat(voicemail.path("audio").asText()).isEqualTo("https://elsewhere.example.com/vm/7");
        assertThat(call.path("recordings").size()).isEqualTo(2);
    }

    @Test
    void aLinkThatIsNoWebAddressIsListedButNeverPlayed() throws SQLException {
        String id = UUID.randomUUID().toString();
        task(id, HANAKO, null, "Odd", "\n\nRecording (0:01): javascript:alert(1)\nRecording (0:02): //evil.example/x",
                NOW, null);

        JsonNode recordings = ok("/task/" + id).path("recordings");

        assertThat(each(recordings, "url")).containsExactly("javascript:alert(1)", "//evil.example/x");
        assertThat(recordings.get(0).path("audio").isNull()).isTrue();
        assertThat(recordings.get(1).path("audio").isNull()).isTrue();
    }

    @Test
    void aTaskPointingAtARecordThatIsGoneKeepsTheIdWithoutALink() throws SQLException {
        String id = UUID.randomUUID().toString();
        String gone = UUID.randomUUID().toString();
        task(id, gone, "500xx-not-local", "Orphan", "", NOW, "not-an-agent-id");

        JsonNode call = ok("/task/" + id);

        assertThat(call.path("who").path("id").asText()).isEqualTo(gone);
        assertThat(call.path("who").path("url").isNull()).isTrue();
        assertThat(call.path("what").path("id").asText()).isEqualTo("500xx-not-local");
        assertThat(call.path("what").path("url").isNull()).isTrue();
        assertThat(call.path("agent").path("name").isNull()).isTrue();
        assertThat(call.path("recordings").size()).isZero();
    }

    @Test
    void homeListsRecentCallsAndSearchesContactsAndAccountsByNameOrPhone() throws SQLException {
        task(UUID.randomUUID().toString(), HANAKO, null, "Latest", "", NOW, null);

        JsonNode home = ok("/home", null);
        assertThat(subjects(home.path("recentTasks"))).containsExactly("Latest");
        assertThat(home.path("recentTasks").get(0).path("who").path("name").asText()).isEqualTo("Hanako Yamada");
        assertThat(home.path("contacts").size()).isZero();

        assertThat(each(ok("/home", "sato").path("contacts"), "name")).containsExactly("Jiro Sato", "Taro Sato");
        assertThat(each(ok("/home", "YAMADA hanako").path("contacts"), "name")).containsExactly("Hanako Yamada");
        assertThat(each(ok("/home", "(555) 123-0002").path("contacts"), "name"))
                .containsExactly("Jiro Sato", "Taro Sato");
        JsonNode acme = ok("/home", "acme");
        assertThat(each(acme.path("accounts"), "name")).containsExactly("Acme Corp");
        assertThat(acme.path("accounts").get(0).path("contacts").asInt()).isEqualTo(1);
        assertThat(each(acme.path("contacts"), "name")).containsExactly("Hanako Yamada");
        assertThat(ok("/home", "100%_!").path("contacts").size()).isZero();
    }

    @Test
    void noUnknownExpiredOrDisabledTokenReadsAnything() {
        Agent disabled = signedIn.agent("dave", "Dave", false);
        List<String> refused = List.of("", "Basic YWxpY2U6c2VjcmV0", "Bearer ", "Bearer unknown-token",
                "Bearer " + signedIn.token(alice, NOW.minusSeconds(1)),
                "Bearer " + signedIn.token(disabled, NOW.plusSeconds(3600)));
        for (String authorization : refused) {
            CrmApi.Reply reply = api.get("/contact/" + HANAKO, null, authorization);
            assertThat(reply.status()).as(authorization).isEqualTo(401);
            assertThat(JSON.valueToTree(reply.body()).path("error").asText()).isEqualTo("unauthorized");
        }
        assertThat(api.get("/home", null, null).status()).isEqualTo(401);
        assertThat(api.get("/contact/" + HANAKO, null, "bearer " + bearer.substring(7)).status())
                .as("the scheme ignores case").isEqualTo(200);
    }

    @Test
    void unknownIdsMalformedIdsAndUnknownPathsAreNotFound() {
        for (String path : List.of("/contact/" + UUID.randomUUID(), "/task/" + UUID.randomUUID(), "/case/" + HANAKO,
                "/contact/not-a-uuid", "/contact/%27%20OR%201=1", "/lead/" + HANAKO, "/contact", "/contact/" + HANAKO + "/x",
                "")) {
            CrmApi.Reply reply = api.get(path, null, bearer);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(JSON.valueToTree(reply.body()).path("error").asText()).isEqualTo("not-found");
        }
        assertThat(ok("/contact/" + HANAKO.toUpperCase()).path("name").asText()).isEqualTo("Hanako Yamada");
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsA503WithoutDetails() {
        CrmApi down = apiOn(new UnreachableDataSource(
                "Connection refused: jdbc:postgresql://db.internal:5432/switchboard", new CountDownLatch(0)));

        CrmApi.Reply reply = down.get("/contact/" + HANAKO, null, bearer);

        assertThat(reply.status()).isEqualTo(503);
        JsonNode body = JSON.valueToTree(reply.body());
        assertThat(body.path("error").asText()).isEqualTo("crm-unavailable");
        assertThat(body.path("message").asText()).doesNotContain("jdbc:", "Exception");
    }

    @Test
    void aSearchLongerThanAHundredCharactersIsRefused() {
        assertThat(api.get("/home", "x".repeat(101), bearer).status()).isEqualTo(400);
    }

    private static List<String> subjects(JsonNode tasks) {
        return each(tasks, "subject");
    }

    /** One field of every element of a JSON array, in order. */
    private static List<String> each(JsonNode array, String field) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(element -> values.add(element.path(field).asText()));
        return values;
    }
}
