package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.switchboard.itests.TelephonyTestSupport.Phone;
import org.switchboard.testing.salesforce.SalesforceEmulator;
import org.switchboard.testing.salesforce.SalesforceEmulator.Demo;

/**
 * Switchboard with Salesforce as its CRM, end to end: the real distribution (run as {@code bin/karaf
 * server} by {@link SwitchboardServer}, so that it can be killed and started again on the same data)
 * talks over HTTP to {@link SalesforceEmulator}, a strict Salesforce org in this JVM; SIPp plays the
 * carrier on the demo trunk and alice's desk phone. What is asserted is what an agent and a
 * Salesforce user see: the caller's Salesforce contact on the call, and exactly one call Task per
 * call with the agent's notes, whatever happens to the connector, to Salesforce or to Switchboard.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SalesforceIT extends SwitchboardTestSupport {
    private static final int TRUNK = freePort();
    private static final int ALICE_PHONE = freePort();
    private static final String HANAKO_NUMBER = "+15551230001";
    private static final String SATO_NUMBER = "+15551230002";
    private static final String ALICE_DID = "+15550101";
    private static final String CLIENT_ID = "switchboard-itest-app";
    private static final String BUNDLE = "org.switchboard.crm.salesforce";
    private static final KarafShell CONSOLE = new KarafShell(SSH_PORT);

    private static SalesforceEmulator salesforce;
    private static Demo demo;
    private static SwitchboardServer server;

    @BeforeClass
    public static void salesforceAndSwitchboard() throws Exception {
        salesforce = SalesforceEmulator.start();
        KeyPair keys = SalesforceEmulator.newKeyPair();
        salesforce.registerApp(CLIENT_ID, (RSAPublicKey) keys.getPublic());
        demo = salesforce.seedDemo();

        server = SwitchboardServer.unpack(SalesforceIT.class, HTTP_PORT);
        Path key = server.home().resolve("etc/salesforce-itest.key");
        Files.writeString(key, SalesforceEmulator.pem(keys.getPrivate()));
        server.configure("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(HTTP_PORT))
                .configure("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(SSH_PORT))
                .configure("org.switchboard.webrtc.cfg", "port", String.valueOf(WEBRTC_PORT))
                .configure("org.switchboard.sip.cfg", Map.of("port", String.valueOf(SIP_PORT), "tlsPort",
                        String.valueOf(freePort()), "digestAlgorithms", "MD5"))
                .configure("org.switchboard.sip.trunk-pstn.cfg", Map.of("port", String.valueOf(TRUNK),
                        "inbound", "127.0.0.1:" + TRUNK))
                // an outage of seconds must not leave the backlog waiting minutes for its next attempt
                .configure("org.switchboard.core.outbox.cfg", "maxBackoffSeconds", "2")
                .configure("org.switchboard.crm.salesforce.cfg", Map.of(
                        "loginUrl", salesforce.url().toString(),
                        "clientId", CLIENT_ID,
                        "username", Demo.INTEGRATION_USERNAME,
                        "privateKeyFile", key.toString(),
                        "apiVersion", "62.0",
                        "callbackUrl", callbackUrl()));
        CONSOLE.addUserTo(server);
        server.start();

        String registered = SipSupport.sipp("register.xml", ALICE_PHONE, SIP_PORT);
        assertTrue("alice's phone registered: " + registered, registered.startsWith("exit 0"));
    }

    @AfterClass
    public static void stopBoth() throws Exception {
        try {
            if (server != null) {
                server.destroy();
            }
        } finally {
            if (salesforce != null) {
                salesforce.close();
            }
        }
    }

    private static String callbackUrl() {
        return "http://127.0.0.1:" + HTTP_PORT + "/switchboard/crm-salesforce/oauth/callback";
    }

    // ---- 1 and 2: the agent's view, Connect, the Task ---------------------------------------------------

    @Test
    public void step1_hanakosCallShowsHerSalesforceContactAndTheUnlinkedAgentIsAskedToConnect() throws Exception {
        String alice = login("alice", "alice-secret");
        JsonNode crm = get("/crm", alice).body();
        assertEquals("salesforce", crm.path("connector").asText());
        assertTrue(crm.path("link").path("required").asBoolean());
        assertFalse(crm.path("link").path("linked").asBoolean());

        Phone phone = alicesPhone(1);
        Phone carrier = carrierCalls(HANAKO_NUMBER);
        JsonNode call = awaitActiveCallFrom(alice, HANAKO_NUMBER, true);
        String callId = call.path("id").asText();
        assertEquals(demo.hanakoContactId(), call.path("contact").path("id").asText());
        assertEquals("Hanako Yamada", call.path("contact").path("name").asText());
        assertEquals("Acme Corp", call.path("contact").path("account").asText());
        assertEquals(salesforce.url() + "/lightning/r/Contact/" + demo.hanakoContactId() + "/view",
                call.path("contact").path("url").asText());

        Answer newCase = post("/crm/items", alice, JSON.writeValueAsString(Map.of("relation", "CASE",
                "contactId", demo.hanakoContactId(), "subject", "Headset still missing")));
        assertEquals(newCase.body().toString(), 409, newCase.status());
        assertEquals("crm_not_linked", newCase.body().path("error").asText());
        assertEquals("Connect Switchboard and Salesforce first", newCase.body().path("message").asText());

        String notes = "Asked about the replacement headset; courier tracking sent.";
        Answer noted = put("/calls/" + callId + "/notes", alice, JSON.writeValueAsString(Map.of(
                "subject", "Headset delivery", "notes", notes, "contactId", demo.hanakoContactId())));
        assertEquals(noted.body().toString(), 200, noted.status());
        assertEquals(notes, noted.body().path("notes").path("notes").asText());
        Thread.sleep(1500); // some talk time for the Task's duration
        assertEquals(200, post("/calls/" + callId + "/hangup", alice, "").status());
        carrier.assertDone();
        phone.assertDone();

        Map<String, Object> task = awaitOneTask(callId, t -> true);
        assertEquals(demo.hanakoContactId(), task.get("WhoId"));
        assertNull("no case or opportunity was picked", task.get("WhatId"));
        assertEquals("Headset delivery", task.get("Subject"));
        assertEquals(notes, task.get("Description"));
        assertEquals("Inbound", task.get("CallType"));
        assertEquals("Call", task.get("TaskSubtype"));
        assertEquals("Completed", task.get("Status"));
        assertNotEquals("an unlinked agent's Task is the integration user's", demo.aliceUserId(), task.get("OwnerId"));
        JsonNode log = awaitDelivered(alice, callId);
        assertTalkTime(log, task);
        JsonNode delivery = delivery(log, "salesforce");
        assertEquals(salesforce.url() + "/lightning/r/Task/" + task.get("Id") + "/view", delivery.path("url").asText());
        List<String> connectors = new ArrayList<>();
        log.path("deliveries").forEach(d -> connectors.add(d.path("connector").asText()));
        assertEquals("one delivery per CRM: " + log, List.of("local", "salesforce"), connectors.stream().sorted().toList());
    }

    @Test
    public void step2_connectLinksAlicesSalesforceUser() throws Exception {
        String alice = login("alice", "alice-secret");
        Answer connect = post("/crm/connect", alice, "");
        assertEquals(connect.body().toString(), 200, connect.status());
        String authorize = connect.body().path("url").asText();
        assertTrue(authorize, authorize.startsWith(salesforce.url() + "/services/oauth2/authorize?"));

        // the agent's browser: signed in to Salesforce as alice, allows, and is sent back to Switchboard
        salesforce.authorizeAs(Demo.ALICE_USERNAME);
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> allowed = browser.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(allowed.body(), 302, allowed.statusCode());
        String back = allowed.headers().firstValue("Location").orElseThrow();
        assertTrue(back, back.startsWith(callbackUrl() + "?"));
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(back)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(page.body(), 200, page.statusCode());
        assertTrue(page.body(), page.body().contains("Alice Agent"));

        JsonNode link = get("/crm", alice).body().path("link");
        assertTrue(link.toString(), link.path("linked").asBoolean());
        assertEquals("Alice Agent", link.path("crmUserName").asText());
        // the code is spent: the same callback again does not link anything twice or crash
        HttpResponse<String> replay = browser.send(HttpRequest.newBuilder(URI.create(back)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(String.valueOf(replay.statusCode()), replay.statusCode() >= 400 && replay.statusCode() < 500);
    }

    /**
     * The same link from the softphone page, as an agent does it: the page tells bob (not linked) to
     * connect; Connect opens Salesforce's sign-in in a window of its own, which comes back to our
     * callback; back in the page the banner is gone.
     */
    @Test
    public void step2b_anUnlinkedAgentIsAskedToConnectInThePageAndConnectsFromIt() throws Exception {
        Path microphone = Files.createTempFile("sb-salesforce-mic-", ".wav");
        Wav.writeTone(microphone, 48000, 440, 5, 0.1);
        AgentBrowser browser = AgentBrowser.open("http://127.0.0.1:" + HTTP_PORT + "/switchboard/", microphone);
        try {
            browser.signIn("bob", "bob-secret");
            // the banners are drawn anew on every change: wait on the text, not on one element
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("crm-banner"),
                    "Connect Switchboard and Salesforce"));

            salesforce.authorizeAs(Demo.BOB_USERNAME);
            String page = browser.driver.getWindowHandle();
            browser.click(By.id("crm-connect"));
            browser.wait.until(d -> d.getWindowHandles().size() == 2);
            String popup = browser.driver.getWindowHandles().stream().filter(h -> !h.equals(page)).findFirst().orElseThrow();
            browser.driver.switchTo().window(popup);
            browser.wait.until(d -> Objects.requireNonNull(d.getPageSource()).contains("Bob Agent"));
            assertTrue(browser.driver.getCurrentUrl(), browser.driver.getCurrentUrl().startsWith(callbackUrl()));
            browser.driver.close();

            browser.driver.switchTo().window(page);
            browser.script("window.dispatchEvent(new Event('focus'))"); // headless windows get no focus of their own
            browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("crm-banner")));
            JsonNode link = get("/crm", login("bob", "bob-secret")).body().path("link");
            assertTrue(link.toString(), link.path("linked").asBoolean());
            assertEquals("Bob Agent", link.path("crmUserName").asText());
        } finally {
            browser.close();
            Files.deleteIfExists(microphone);
        }
    }

    @Test
    public void step3_aCallAssignedToANewCaseBecomesOneTaskOnHanakoAndTheCaseOwnedByAlice() throws Exception {
        String alice = login("alice", "alice-secret");
        Phone phone = alicesPhone(1);
        Phone carrier = carrierCalls(HANAKO_NUMBER);
        String callId = awaitActiveCallFrom(alice, HANAKO_NUMBER, true).path("id").asText();

        JsonNode open = get("/crm/contacts/" + demo.hanakoContactId() + "/items?relation=CASE", alice).body();
        assertEquals(open.toString(), demo.hanakoCaseId(), open.path("items").path(0).path("id").asText());
        Answer created = post("/crm/items", alice, JSON.writeValueAsString(Map.of("relation", "CASE",
                "contactId", demo.hanakoContactId(), "subject", "Second headset lost in transit",
                "description", "Courier lost the replacement.")));
        assertEquals(created.body().toString(), 201, created.status());
        String caseId = created.body().path("id").asText();
        assertTrue(caseId, caseId.startsWith("500"));
        Map<String, Object> theCase = salesforce.records("Case").stream().filter(c -> caseId.equals(c.get("Id")))
                .findFirst().orElseThrow(() -> new AssertionError("no case " + caseId + " in Salesforce"));
        assertEquals(demo.hanakoContactId(), theCase.get("ContactId"));
        assertEquals(demo.aliceUserId(), theCase.get("OwnerId"));

        String notes = "Opened a new case for the lost headset; a third one ships today.";
        assertEquals(200, put("/calls/" + callId + "/notes", alice, JSON.writeValueAsString(Map.of("subject",
                "Lost headset", "notes", notes, "contactId", demo.hanakoContactId(), "relatedItemId", caseId))).status());
        Thread.sleep(2000);
        assertEquals(200, post("/calls/" + callId + "/hangup", alice, "").status());
        carrier.assertDone();
        phone.assertDone();

        Map<String, Object> task = awaitOneTask(callId, t -> true);
        assertEquals(demo.hanakoContactId(), task.get("WhoId"));
        assertEquals(caseId, task.get("WhatId"));
        assertEquals(demo.aliceUserId(), task.get("OwnerId"));
        assertEquals("Lost headset", task.get("Subject"));
        assertEquals(notes, task.get("Description"));
        assertEquals("Inbound", task.get("CallType"));
        assertEquals(callId, task.get("CallObject"));
        JsonNode log = awaitDelivered(alice, callId);
        assertTalkTime(log, task);
        assertTrue("talked about two seconds: " + task, ((Number) task.get("CallDurationInSeconds")).intValue() >= 2);
    }

    @Test
    public void step4_theSatosShareANumberSoTheAgentPicksJiroAfterTheCallAndTheTaskIsAmended() throws Exception {
        String alice = login("alice", "alice-secret");
        JsonNode both = get("/contacts?phone=%2B15551230002", alice).body().path("items");
        assertEquals(both.toString(), Set.of(demo.taroContactId(), demo.jiroContactId()), ids(both));

        Phone phone = alicesPhone(1);
        Phone carrier = carrierCalls(SATO_NUMBER);
        JsonNode call = awaitActiveCallFrom(alice, SATO_NUMBER, false);
        String callId = call.path("id").asText();
        Thread.sleep(500); // the lookup had its time: two matches stay unmatched
        assertTrue("two matches: nobody is picked for the agent", get("/calls/" + callId, alice).body()
                .path("contact").isNull());
        assertEquals(200, post("/calls/" + callId + "/hangup", alice, "").status());
        carrier.assertDone();
        phone.assertDone();

        Map<String, Object> task = awaitOneTask(callId, t -> true);
        assertNull(task.get("WhoId"));
        Answer edited = put("/call-logs/" + callId, alice, JSON.writeValueAsString(Map.of("subject", "Order status",
                "notes", "It was Jiro, about his order.", "contactId", demo.jiroContactId())));
        assertEquals(edited.body().toString(), 200, edited.status());
        Map<String, Object> amended = awaitOneTask(callId, t -> demo.jiroContactId().equals(t.get("WhoId")));
        assertEquals(task.get("Id"), amended.get("Id"));
        assertEquals("It was Jiro, about his order.", amended.get("Description"));
        assertEquals("Order status", amended.get("Subject"));
        awaitDelivered(alice, callId);
    }

    @Test
    public void step5_aClickToCallToHanakoIsLoggedAsAnOutboundTask() throws Exception {
        String alice = login("alice", "alice-secret");
        Phone phone = alicesPhone(1);
        Phone carrier = TelephonyTestSupport.started("carrier", "answer.xml", TRUNK, "-timeout", "60s");
        Answer placed = post("/calls", alice, "{\"to\":\"" + HANAKO_NUMBER + "\",\"device\":\"sip\"}");
        assertEquals(placed.body().toString(), 201, placed.status());
        String callId = placed.body().path("id").asText();
        await("the click-to-call answered by Hanako", () -> "ACTIVE".equals(field(alice, callId, "state")));
        await("the dialed number matched to Hanako", () -> {
            try {
                return demo.hanakoContactId().equals(get("/calls/" + callId, alice).body().path("contact").path("id").asText());
            } catch (Exception e) {
                return false;
            }
        });
        Thread.sleep(1000);
        assertEquals(200, post("/calls/" + callId + "/hangup", alice, "").status());
        carrier.assertDone();
        phone.assertDone();

        Map<String, Object> task = awaitOneTask(callId, t -> true);
        assertEquals("Outbound", task.get("CallType"));
        assertEquals("on Hanako's record, whom alice called", demo.hanakoContactId(), task.get("WhoId"));
        assertEquals(demo.aliceUserId(), task.get("OwnerId"));
        assertTalkTime(awaitDelivered(alice, callId), task);
    }

    // ---- 3: hot swap -------------------------------------------------------------------------------------

    /**
     * Fifty real calls talk while the Salesforce bundle is stopped: the local CRM answers the agents
     * meanwhile, the calls end with the bundle stopped, and when it starts again each of the fifty
     * becomes exactly one Task.
     */
    @Test
    public void step6_stoppingTheConnectorDuringFiftyLiveCallsDropsNoCallAndLogsEachCallOnce() throws Exception {
        String alice = login("alice", "alice-secret");
        Phone phone = alicesPhone(50);
        Phone carrier = TelephonyTestSupport.started("carrier", "carrier-calls.xml", TRUNK, "-s", ALICE_DID,
                "-d", "8000", "-m", "50", "-l", "50", "-r", "50", "-timeout", "60s", "127.0.0.1:" + SIP_PORT);
        Set<String> live = new HashSet<>();
        await("50 live calls", () -> {
            live.clear();
            live.addAll(activeCallIds(alice));
            return live.size() == 50;
        });

        String stopped = CONSOLE.run("bundle:stop " + BUNDLE);
        try {
            assertFalse(stopped, stopped.toLowerCase().contains("error"));
            await("the local CRM answers", () -> "local".equals(crmName(alice)));
            assertEquals("no call dropped while the connector stopped", live, activeCallIds(alice));
            carrier.assertDone(); // every call ran to its BYE
            phone.assertDone();
            await("the 50 logs written", () -> live.stream().allMatch(id -> statusOf("/call-logs/" + id, alice) == 200));
            await("the local CRM has them all", () -> live.stream().allMatch(id -> deliveryStatus(alice, id, "local")
                    .equals("DELIVERED")));
            for (String id : live) {
                assertEquals("waits for Salesforce", "PENDING", deliveryStatus(alice, id, "salesforce"));
            }
            assertTrue(live.stream().allMatch(id -> tasksFor(id).isEmpty()));
        } finally {
            CONSOLE.run("bundle:start " + BUNDLE);
        }
        await("Salesforce answers the agents again", () -> "salesforce".equals(crmName(alice)));
        await("50 Tasks", () -> live.stream().allMatch(id -> tasksFor(id).size() == 1));
        List<Object> callObjects = salesforce.records("Task").stream().map(t -> t.get("CallObject"))
                .filter(live::contains).toList();
        assertEquals("one Task per call, none twice: " + callObjects, 50, callObjects.size());
        assertEquals(live, new HashSet<>(callObjects));
        for (String id : live) {
            assertEquals("DELIVERED", delivery(awaitDelivered(alice, id), "salesforce").path("status").asText());
        }
    }

    // ---- 4: outage and rate limit ------------------------------------------------------------------------

    @Test
    public void step7_callsDuringASalesforceOutageWaitInTheOutboxAndAreLoggedOnceWhenItIsBack() throws Exception {
        String alice = login("alice", "alice-secret");
        salesforce.stop();
        Set<String> calls = new HashSet<>();
        try {
            Phone phone = alicesPhone(3);
            Phone carrier = TelephonyTestSupport.started("carrier", "carrier-calls.xml", TRUNK, "-s", ALICE_DID,
                    "-d", "2000", "-m", "3", "-l", "3", "-r", "3", "127.0.0.1:" + SIP_PORT);
            await("3 calls answered with Salesforce down", () -> {
                calls.addAll(activeCallIds(alice));
                return calls.size() == 3;
            });
            carrier.assertDone();
            phone.assertDone();
            await("the 3 deliveries failed at least once", () -> calls.stream().allMatch(id -> {
                try {
                    JsonNode sf = delivery(get("/call-logs/" + id, alice).body(), "salesforce");
                    return "PENDING".equals(sf.path("status").asText()) && !sf.path("error").isNull()
                            && !sf.path("error").asText().isEmpty();
                } catch (Exception e) {
                    return false;
                }
            }));
            String outbox = CONSOLE.run("sb:outbox --status pending --limit 100");
            for (String id : calls) {
                String row = outbox.lines().filter(l -> l.contains(id) && l.contains("salesforce")).findFirst()
                        .orElseThrow(() -> new AssertionError("call " + id + " not pending in sb:outbox:\n" + outbox));
                assertTrue(row, row.contains("pending"));
                assertFalse("an error is shown: " + row, row.strip().endsWith("-"));
            }
            Thread.sleep(3000); // more failed attempts while it stays down
            assertTrue(calls.stream().allMatch(id -> tasksFor(id).isEmpty()));
        } finally {
            salesforce.restart();
        }
        for (String id : calls) {
            awaitDelivered(alice, id);
            assertEquals(1, tasksFor(id).size());
        }
    }

    @Test
    public void step8_aRateLimitedLogIsDeliveredLaterAndOnlyOnce() throws Exception {
        String alice = login("alice", "alice-secret");
        Phone phone = alicesPhone(1);
        Phone carrier = carrierCalls(HANAKO_NUMBER);
        String callId = awaitActiveCallFrom(alice, HANAKO_NUMBER, true).path("id").asText();
        // the caller's lookup is done; the next three requests to Salesforce are the log's delivery attempts
        salesforce.failNext(3, SalesforceEmulator.Failure.RATE_LIMIT);
        Instant hungUp = Instant.now();
        assertEquals(200, post("/calls/" + callId + "/hangup", alice, "").status());
        carrier.assertDone();
        phone.assertDone();

        for (int failure = 1; failure <= 3; failure++) {
            int attempts = failure;
            await("failed attempt " + attempts, () -> outboxRow(callId).map(r -> r.attempts() == attempts).orElse(false));
            OutboxRow row = outboxRow(callId).orElseThrow();
            assertEquals("pending", row.status());
            assertTrue(row.error(), row.error().contains("REQUEST_LIMIT_EXCEEDED") || row.error().toLowerCase().contains("limit"));
            if (attempts == 1) {
                assertTrue("backs off as Salesforce asks, not at once: " + row.nextAttempt(),
                        row.nextAttempt().isAfter(hungUp.plusSeconds(20)));
            }
            assertTrue(tasksFor(callId).isEmpty());
            // the admin does not wait for the back-off (sb:outbox retry); what comes back is what counts
            String retried = CONSOLE.run("sb:outbox retry " + row.entry());
            assertTrue(retried, retried.contains("due now"));
        }
        awaitDelivered(alice, callId);
        assertEquals(1, tasksFor(callId).size());
        assertEquals(3, salesforce.requestLog().stream().filter(l -> l.startsWith("GET /services/data/")
                || l.startsWith("POST /services/data/")).filter(l -> l.endsWith(" 403")).count());
    }

    // ---- 5: crash between the Task's insert and its acknowledgement ---------------------------------------

    @Test
    public void step9_killedBetweenTheTaskInsertAndItsAnswerSwitchboardStillMakesOneTask() throws Exception {
        String alice = login("alice", "alice-secret");
        salesforce.stallAfterTaskInsert(true);
        String callId;
        try {
            Phone phone = alicesPhone(1);
            Phone carrier = carrierCalls(HANAKO_NUMBER);
            callId = awaitActiveCallFrom(alice, HANAKO_NUMBER, true).path("id").asText();
            assertEquals(200, post("/calls/" + callId + "/hangup", alice, "").status());
            carrier.assertDone();
            phone.assertDone();
            await("Salesforce stored the Task", () -> tasksFor(callId).size() == 1);
            await("the call log readable", () -> statusOf("/call-logs/" + callId, alice) == 200);
            assertEquals("not acknowledged yet", "PENDING",
                    delivery(get("/call-logs/" + callId, alice).body(), "salesforce").path("status").asText());
            server.killHard();
        } finally {
            salesforce.stallAfterTaskInsert(false);
        }
        int requestsBefore = salesforce.requestLog().size();
        server.start();
        String again = login("alice", "alice-secret");
        JsonNode delivered = delivery(awaitDelivered(again, callId), "salesforce");
        List<Map<String, Object>> tasks = tasksFor(callId);
        assertEquals("still one Task: " + tasks, 1, tasks.size());
        String taskId = String.valueOf(tasks.get(0).get("Id"));
        assertTrue(delivered.toString(), delivered.path("crmRef").asText().endsWith(taskId));
        // found by CallObject and amended, not inserted again
        List<String> afterRestart = salesforce.requestLog().subList(requestsBefore, salesforce.requestLog().size());
        assertTrue(afterRestart.toString(), afterRestart.stream().noneMatch(l -> l.startsWith("POST /services/data/v62.0/sobjects/Task")));
        assertTrue(afterRestart.toString(), afterRestart.contains("PATCH /services/data/v62.0/sobjects/Task/" + taskId + " 204"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** Alice's SIPp desk phone (registered at the start) answering the next {@code calls} calls. */
    private static Phone alicesPhone(int calls) throws Exception {
        return TelephonyTestSupport.started("alice", "answer.xml", ALICE_PHONE, "-m", String.valueOf(calls),
                "-timeout", "60s");
    }

    /** The carrier delivers one call from {@code number} to alice's DID; it talks until Switchboard hangs up. */
    private static Phone carrierCalls(String number) throws Exception {
        return TelephonyTestSupport.started("carrier", "carrier-call-from.xml", TRUNK, "-s", ALICE_DID,
                "-key", "caller", number, "-timeout", "60s", "127.0.0.1:" + SIP_PORT);
    }

    /** The call from {@code number} once answered (and, if asked, once its contact is on it). */
    private JsonNode awaitActiveCallFrom(String token, String number, boolean withContact) throws Exception {
        JsonNode[] found = new JsonNode[1];
        await("an answered call from " + number, () -> {
            try {
                for (JsonNode call : get("/calls", token).body().path("items")) {
                    if ("ACTIVE".equals(call.path("state").asText()) && call.path("from").asText().contains(number)
                            && (!withContact || call.path("contact").hasNonNull("id"))) {
                        found[0] = call;
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        return found[0];
    }

    private Set<String> activeCallIds(String token) {
        Set<String> ids = new HashSet<>();
        try {
            for (JsonNode call : get("/calls", token).body().path("items")) {
                if ("ACTIVE".equals(call.path("state").asText())) {
                    ids.add(call.path("id").asText());
                }
            }
        } catch (Exception e) {
            // nothing answered: no calls seen
        }
        return ids;
    }

    private String field(String token, String callId, String name) {
        try {
            return get("/calls/" + callId, token).body().path(name).asText();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private String crmName(String token) {
        try {
            return get("/crm", token).body().path("connector").asText();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static List<Map<String, Object>> tasksFor(String callId) {
        return salesforce.records("Task").stream().filter(t -> callId.equals(t.get("CallObject"))).toList();
    }

    /** The call's only Task, once it satisfies {@code which}; fails if there ever are two. */
    private static Map<String, Object> awaitOneTask(String callId, java.util.function.Predicate<Map<String, Object>> which)
            throws InterruptedException {
        List<Map<String, Object>> seen = new ArrayList<>();
        await("the call's Task in Salesforce", () -> {
            List<Map<String, Object>> tasks = tasksFor(callId);
            if (tasks.size() > 1) {
                throw new AssertionError("two Tasks for call " + callId + ": " + tasks);
            }
            seen.clear();
            seen.addAll(tasks);
            return tasks.size() == 1 && which.test(tasks.get(0));
        });
        return seen.get(0);
    }

    /** The call log once its delivery to Salesforce is DELIVERED (of its latest revision). */
    private JsonNode awaitDelivered(String token, String callId) throws InterruptedException {
        JsonNode[] log = new JsonNode[1];
        await("call " + callId + " delivered to Salesforce", () -> {
            try {
                log[0] = get("/call-logs/" + callId, token).body();
                return "DELIVERED".equals(delivery(log[0], "salesforce").path("status").asText());
            } catch (Exception e) {
                return false;
            }
        });
        return log[0];
    }

    private String deliveryStatus(String token, String callId, String connector) {
        try {
            return delivery(get("/call-logs/" + callId, token).body(), connector).path("status").asText();
        } catch (Exception | AssertionError e) {
            return "unknown";
        }
    }

    private static JsonNode delivery(JsonNode log, String connector) {
        for (JsonNode delivery : log.path("deliveries")) {
            if (connector.equals(delivery.path("connector").asText())) {
                return delivery;
            }
        }
        throw new AssertionError("no delivery to " + connector + " in " + log);
    }

    /** The Task's duration is the talk time Switchboard measured, give or take rounding. */
    private static void assertTalkTime(JsonNode log, Map<String, Object> task) {
        long talk = log.path("talkSeconds").asLong();
        long logged = ((Number) Objects.requireNonNull(task.get("CallDurationInSeconds"), "CallDurationInSeconds"))
                .longValue();
        assertTrue("Task says " + logged + " s, Switchboard measured " + talk + " s", Math.abs(logged - talk) <= 1);
    }

    private static Set<String> ids(JsonNode items) {
        Set<String> ids = new HashSet<>();
        items.forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    /** One row of {@code sb:outbox} as the admin reads it. */
    private record OutboxRow(String entry, String status, int attempts, Instant nextAttempt, String error) {}

    private static final Pattern ROW = Pattern.compile(
            "^\\s*([0-9a-f-]{36})\\s*\\|\\s*([0-9a-f-]{36})\\s*\\|\\s*(\\S+)\\s*\\|\\s*(\\S+)\\s*\\|\\s*(\\d+)\\s*\\|\\s*(\\S+)\\s*\\|\\s*(\\S+)\\s*\\|\\s*(.*)$");

    /** The Salesforce delivery of a call in {@code sb:outbox}. */
    private static java.util.Optional<OutboxRow> outboxRow(String callId) {
        try {
            for (String line : CONSOLE.run("sb:outbox --limit 200").lines().toList()) {
                Matcher m = ROW.matcher(line);
                if (m.matches() && m.group(2).equals(callId) && m.group(3).equals("salesforce")) {
                    Instant next = m.group(6).equals("-") ? Instant.EPOCH : Instant.parse(m.group(6));
                    return java.util.Optional.of(new OutboxRow(m.group(1), m.group(4), Integer.parseInt(m.group(5)),
                            next, m.group(8).strip()));
                }
            }
        } catch (Exception e) {
            // the console did not answer: nothing seen
        }
        return java.util.Optional.empty();
    }
}
