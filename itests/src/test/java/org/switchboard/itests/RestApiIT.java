package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** The REST API and WebSocket of a freshly booted distribution with demo data. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestApiIT extends SwitchboardTestSupport {

    @Configuration
    public Option[] config() {
        return baseConfig();
    }

    @Before
    public void healthy() throws Exception {
        awaitHealthy();
    }

    @Test
    public void everySwitchboardFeatureIsInstalledAndItsBundlesActive() throws Exception {
        for (String feature : List.of("switchboard-store", "switchboard-core", "switchboard-media", "switchboard-crm-local",
                "switchboard-rest", "switchboard-ui", "switchboard-console", "switchboard-metrics")) {
            assertTrue(feature + " installed", featuresService.isInstalled(featuresService.getFeature(feature)));
        }
        for (Bundle bundle : bundleContext.getBundles()) {
            if (bundle.getSymbolicName().startsWith("org.switchboard")) {
                assertEquals(bundle.getSymbolicName() + " active", Bundle.ACTIVE, bundle.getState());
            }
        }
    }

    @Test
    public void healthTellsAnyoneUpAndSupervisorsWhichComponents() throws Exception {
        Answer anonymous = get("/health", null);
        assertEquals(200, anonymous.status());
        assertEquals("{\"status\":\"UP\"}", anonymous.body().toString());
        assertEquals("an agent is not told the details either", "{\"status\":\"UP\"}",
                get("/health", login("alice", "alice-secret")).body().toString());

        // a supervisor of its own: fiveWrongPasswordsLockTheLoginEvenForTheRightOne may have locked carol
        String added = executeCommand("sb:agent-add --role supervisor --password health-check-secret --name Monitor monitor 1098");
        assertFalse(added, added.contains("Error"));
        Answer health = get("/health", login("monitor", "health-check-secret"));
        assertEquals(200, health.status());
        assertEquals("UP", health.body().path("components").path("store").path("status").asText());
        assertEquals("UP", health.body().path("components").path("crm-local").path("status").asText());
        assertEquals("UP", health.body().path("components").path("media").path("status").asText());
        assertEquals("UP", health.body().path("components").path("sip").path("status").asText());
    }

    @Test
    public void demoAgentLogsInAndSeesOwnProfileWithCallerIds() throws Exception {
        Answer login = post("/sessions", null, "{\"username\":\"alice\",\"password\":\"alice-secret\"}");
        assertEquals(201, login.status());
        String token = login.body().path("token").asText();
        assertTrue("token is long and random", token.length() >= 40);

        Answer me = get("/agents/me", token);
        assertEquals(200, me.status());
        assertEquals("alice", me.body().path("username").asText());
        assertEquals("1001", me.body().path("extension").asText());
        assertEquals("+15550101", me.body().path("did").asText());
        assertEquals(List.of("+15550101", "+15550100"), texts(me.body().path("callerIds")));
        assertEquals("logging in makes an offline agent available", "AVAILABLE", me.body().path("presence").asText());
    }

    @Test
    public void wrongPasswordIsRefusedWithJsonError() throws Exception {
        Answer answer = post("/sessions", null, "{\"username\":\"bob\",\"password\":\"not-bobs\"}");
        assertEquals(401, answer.status());
        assertEquals("invalid_credentials", answer.body().path("error").asText());
        assertTrue(answer.body().path("message").asText().length() > 0);
    }

    @Test
    public void fiveWrongPasswordsLockTheLoginEvenForTheRightOne() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, post("/sessions", null, "{\"username\":\"carol\",\"password\":\"wrong-" + i + "\"}").status());
        }
        Answer locked = post("/sessions", null, "{\"username\":\"carol\",\"password\":\"carol-secret\"}");
        assertEquals(429, locked.status());
        assertEquals("login_locked", locked.body().path("error").asText());
        assertNotNull("Retry-After tells when to come back", locked.header("Retry-After"));
    }

    @Test
    public void requestsWithoutOrWithBadTokenGet401() throws Exception {
        Answer none = get("/agents/me", null);
        assertEquals(401, none.status());
        assertEquals("unauthorized", none.body().path("error").asText());
        assertEquals(401, get("/agents/me", "forged-token").status());
    }

    @Test
    public void loggedOutTokenNoLongerWorks() throws Exception {
        String token = login("bob", "bob-secret");
        assertEquals(204, delete("/sessions/current", token).status());
        assertEquals(401, get("/agents/me", token).status());
    }

    @Test
    public void agentListNeedsSupervisorRole() throws Exception {
        Answer asAgent = get("/agents", login("alice", "alice-secret"));
        assertEquals(403, asAgent.status());
        assertEquals("forbidden", asAgent.body().path("error").asText());
    }

    @Test
    public void directorySearchFindsTheDemoContactAndColleagues() throws Exception {
        String token = login("alice", "alice-secret");
        Answer byName = get("/directory?q=yamada", token);
        assertEquals(200, byName.status());
        JsonNode hanako = first(byName.body().path("items"), "Hanako Yamada");
        assertEquals("contact", hanako.path("type").asText());
        assertEquals("+15551230001", hanako.path("number").asText());

        Answer colleague = get("/directory?q=bob", token);
        JsonNode bob = first(colleague.body().path("items"), "Bob Brown");
        assertEquals("agent", bob.path("type").asText());
        assertEquals("1002", bob.path("number").asText());

        Answer group = get("/directory?q=support", token);
        JsonNode support = first(group.body().path("items"), "support");
        assertEquals("group", support.path("type").asText());
        assertEquals("+15550100", support.path("number").asText());
    }

    @Test
    public void callerLookupByNumberFindsEveryContactSharingIt() throws Exception {
        Answer answer = get("/contacts?phone=%2B15551230002", login("alice", "alice-secret"));
        assertEquals(200, answer.status());
        List<String> names = texts(answer.body().path("items"), "name");
        assertTrue(names.toString(), names.containsAll(List.of("Taro Sato", "Jiro Sato")));
        assertEquals(400, get("/contacts?phone=12345", login("alice", "alice-secret")).status());
    }

    @Test
    public void settingsRoundTripAndBadSettingsAreRefused() throws Exception {
        String token = login("bob", "bob-secret");
        Answer defaults = get("/agents/me/settings", token);
        assertEquals(200, defaults.status());
        assertEquals("CASE", defaults.body().path("callRelation").asText());

        String changed = "{\"microphone\":\"mic-2\",\"speaker\":\"default\",\"ringer\":\"usb-ringer\","
                + "\"clickToCall\":false,\"callRelation\":\"OPPORTUNITY\",\"postCallNavigation\":\"RELATED_RECORD\","
                + "\"incomingNotification\":false}";
        assertEquals(200, put("/agents/me/settings", token, changed).status());
        Answer saved = get("/agents/me/settings", login("bob", "bob-secret"));
        assertEquals("OPPORTUNITY", saved.body().path("callRelation").asText());
        assertEquals("usb-ringer", saved.body().path("ringer").asText());
        assertEquals(false, saved.body().path("clickToCall").asBoolean(true));

        Answer badEnum = put("/agents/me/settings", token, changed.replace("OPPORTUNITY", "LEAD"));
        assertEquals(400, badEnum.status());
        assertEquals("invalid_json", badEnum.body().path("error").asText());
        Answer notJson = put("/agents/me/settings", token, "{not json");
        assertEquals(400, notJson.status());
        Answer missing = put("/agents/me/settings", token, "{\"microphone\":\"x\"}");
        assertEquals(400, missing.status());
    }

    @Test
    public void unknownPathsAndIdsAnswerJson404() throws Exception {
        String token = login("alice", "alice-secret");
        Answer path = get("/no-such-thing", token);
        assertEquals(404, path.status());
        assertEquals("not_found", path.body().path("error").asText());
        assertEquals(404, get("/call-logs/8d5f0c1e-0000-4000-8000-000000000000", token).status());
        assertEquals(404, get("/calls/not-a-uuid", token).status());
    }

    @Test
    public void recordingsInboxAndRecordingControlsAreServedWithTheirErrors() throws Exception {
        String token = login("alice", "alice-secret");
        Answer inbox = get("/recordings?kind=voicemail&since=2026-01-01", token);
        assertEquals(inbox.body().toString(), 200, inbox.status());
        assertTrue(inbox.body().path("items").isArray());
        assertEquals("bad_request", get("/recordings?kind=fax", token).body().path("error").asText());
        assertEquals(404, get("/recordings/8d5f0c1e-0000-4000-8000-000000000000", token).status());
        // no session and no signed link: the audio needs one or the other
        assertEquals(401, get("/recordings/8d5f0c1e-0000-4000-8000-000000000000/audio", null).status());
        Answer greeting = put("/agents/me/greeting", token, "{}");
        assertEquals(greeting.body().toString(), 415, greeting.status());
        assertEquals(404, get("/agents/me/greeting", token).status());
        assertEquals(200, get("/agents/me", token).status());
        Answer record = post("/calls/8d5f0c1e-0000-4000-8000-000000000000/record", token, "{\"action\":\"start\"}");
        assertEquals(record.body().toString(), 404, record.status());
        Answer pickUp = post("/calls/8d5f0c1e-0000-4000-8000-000000000000/pickup", token, "");
        assertEquals(pickUp.body().toString(), 404, pickUp.status());
    }

    @Test
    public void clickToCallTakesTheSoftphonesDeviceAndRefusesAnUnknownOne() throws Exception {
        String token = login("alice", "alice-secret");
        Answer fax = post("/calls", token, "{\"to\":\"1002\",\"callerId\":\"+15550101\",\"device\":\"fax\"}");
        assertEquals(400, fax.status());
        assertEquals("bad_request", fax.body().path("error").asText());
        // each device is understood; alice has neither a phone line nor a registered phone here
        Answer browser = post("/calls", token, "{\"to\":\"1002\",\"callerId\":\"+15550101\",\"device\":\"browser\"}");
        assertEquals(browser.body().toString(), 409, browser.status());
        assertTrue(browser.body().path("message").asText(), browser.body().path("message").asText().contains("browser phone"));
        Answer sip = post("/calls", token, "{\"to\":\"1002\",\"callerId\":\"+15550101\",\"device\":\"sip\"}");
        assertEquals(sip.body().toString(), 409, sip.status());
        assertTrue(sip.body().path("message").asText(), sip.body().path("message").asText().contains("registered phone"));
    }

    @Test
    public void softphonePageIsServedAndItsPathRedirects() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + HTTP_PORT + "/switchboard/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertTrue(page.body().contains("js/app.js"));
        HttpResponse<Void> bare = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + HTTP_PORT + "/switchboard")).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(302, bare.statusCode());
        HttpResponse<Void> module = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + HTTP_PORT + "/switchboard/js/phone.js")).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals("text/javascript; charset=utf-8", module.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<Void> outside = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + HTTP_PORT + "/switchboard/web/../META-INF/MANIFEST.MF")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(404, outside.statusCode());
    }

    @Test
    public void openApiDocumentDescribesTheApi() throws Exception {
        Answer doc = get("/openapi.json", null);
        assertEquals(200, doc.status());
        assertEquals("3.0.3", doc.body().path("openapi").asText());
        assertTrue(doc.body().path("paths").has("/directory"));
    }

    @Test
    public void webSocketPushesPresenceChangesToAuthenticatedClients() throws Exception {
        String token = login("bob", "bob-secret");
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + HTTP_PORT + "/api/v1/ws?token=" + token), collector(received))
                .get(10, TimeUnit.SECONDS);
        try {
            JsonNode welcome = received.poll(10, TimeUnit.SECONDS);
            assertNotNull("welcome message", welcome);
            assertEquals("welcome", welcome.path("type").asText());

            assertEquals(200, put("/agents/me/presence", token, "{\"presence\":\"AWAY\"}").status());
            JsonNode event = received.poll(10, TimeUnit.SECONDS);
            while (event != null && !"agent".equals(event.path("type").asText())) {
                event = received.poll(10, TimeUnit.SECONDS);
            }
            assertNotNull("presence event", event);
            assertEquals("PRESENCE", event.path("event").asText());
            assertEquals("bob", event.path("username").asText());
            assertEquals("AWAY", event.path("presence").asText());
        } finally {
            socket.abort();
        }
    }

    @Test
    public void webSocketWithoutValidTokenIsClosed() throws Exception {
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + HTTP_PORT + "/api/v1/ws?token=forged"), collector(received))
                .get(10, TimeUnit.SECONDS);
        JsonNode closed = received.poll(10, TimeUnit.SECONDS);
        assertNotNull("close notice", closed);
        assertEquals("closed", closed.path("type").asText());
        assertEquals(1008, closed.path("code").asInt());
        socket.abort();
    }

    private static JsonNode first(JsonNode items, String name) {
        return StreamSupport.stream(items.spliterator(), false)
                .filter(i -> name.equals(i.path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + items));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }
}
