package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.ops4j.pax.exam.ExamSystem;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.TestContainer;
import org.ops4j.pax.exam.spi.PaxExamRuntime;

/**
 * The softphone's CRM side in real headless Chromium against the distribution and its local CRM: the
 * caller's tag and screen pop, notes and subject saved to the call, a new case assigned, the call log
 * written with all of it, the multi-match "Who was it?", and the page inside Lightning — Open CTI
 * played by a recording stand-in for {@code opencti_min.js} served from a small HTTP server here, the
 * page loaded with {@code ?sfdcIframeOrigin=<that server>&mode=Lightning} as Salesforce loads it.
 * Booted in Pax Exam's server mode like {@link SoftphoneIT}; the agent answers in the browser.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SoftphoneCrmIT extends SwitchboardTestSupport {
    private static final KarafShell CONSOLE = new KarafShell(SSH_PORT);
    /** The demo trunk's carrier: a SIPp phone that rings when the page calls out. */
    private static final int TRUNK = freePort();
    private static final Path SCREENSHOTS = Path.of(System.getProperty("switchboard.itest.screenshots", "target/screenshots"));
    private static final String HANAKO = "+15551230001";
    private static final String SATOS = "+15551230002";
    private static final Pattern PLACED = Pattern.compile("Call ([0-9a-f-]{36}) ");
    /** Records every Open CTI call the page makes; the test fires the click-to-dial listener itself. */
    private static final String FAKE_OPEN_CTI = """
            (() => {
              const calls = [];
              const listeners = {};
              window.__openCti = { calls, listeners };
              const plain = (args) => JSON.parse(JSON.stringify(args || {}, (k, v) => (typeof v === 'function' ? undefined : v)));
              const api = (name) => (args) => {
                calls.push({ name, args: plain(args) });
                if (args && typeof args.callback === 'function') setTimeout(() => args.callback({ success: true, returnValue: {} }), 0);
              };
              window.sforce = { opencti: {
                SCREENPOP_TYPE: { SOBJECT: 'sobject', URL: 'url', OBJECTHOME: 'objecthome', LIST: 'list', SEARCH: 'search' },
                CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' },
                screenPop: api('screenPop'),
                searchAndScreenPop: api('searchAndScreenPop'),
                setSoftphonePanelVisibility: api('setSoftphonePanelVisibility'),
                enableClickToDial: api('enableClickToDial'),
                disableClickToDial: api('disableClickToDial'),
                onClickToDial: (args) => { calls.push({ name: 'onClickToDial' }); listeners.clickToDial = args.listener; },
              } };
            })();
            """;

    private static TestContainer container;
    private static HttpServer salesforce;
    private static final AtomicInteger openCtiLoads = new AtomicInteger();
    private static Path microphone;
    private final List<AgentBrowser> browsers = new ArrayList<>();

    /** A failed step leaves what the page showed and logged. */
    @org.junit.Rule
    public final org.junit.rules.TestWatcher onFailure = new org.junit.rules.TestWatcher() {
        @Override
        protected void failed(Throwable e, org.junit.runner.Description description) {
            for (int i = 0; i < browsers.size(); i++) {
                AgentBrowser browser = browsers.get(i);
                browser.screenshot(SCREENSHOTS.resolve("failed-" + description.getMethodName() + "-" + i + ".png"));
                System.out.println("--- " + description.getMethodName() + " page " + i + " log:\n" + browser.log());
            }
        }
    };

    @BeforeClass
    public static void boot() throws Exception {
        List<Option> options = new ArrayList<>(List.of(new SoftphoneCrmIT().baseConfig()));
        options.add(CONSOLE.user());
        options.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut(
                "etc/org.switchboard.sip.trunk-pstn.cfg", "port", String.valueOf(TRUNK)));
        ExamSystem system = PaxExamRuntime.createServerSystem(options.toArray(new Option[0]));
        container = PaxExamRuntime.createContainer(system);
        container.start();
        new SoftphoneCrmIT().awaitHealthy();
        microphone = Files.createTempDirectory(Path.of("/tmp"), "sb-crm-").resolve("agent-1000hz.wav");
        Wav.writeTone(microphone, 48000, 1000, 60, 0.3);

        salesforce = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        salesforce.createContext("/support/api/62.0/lightning/opencti_min.js", exchange -> {
            openCtiLoads.incrementAndGet();
            byte[] body = FAKE_OPEN_CTI.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/javascript; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        salesforce.start();
    }

    @AfterClass
    public static void stop() {
        if (salesforce != null) {
            salesforce.stop(0);
        }
        if (container != null) {
            container.stop();
        }
    }

    @After
    public void closeBrowsers() throws Exception {
        browsers.forEach(AgentBrowser::close);
        browsers.clear();
        for (String agent : List.of("alice", "bob")) {
            hangUpCallsLeftUp(login(agent, agent + "-secret"));
        }
    }

    // ---- the local CRM ---------------------------------------------------------------------------

    /**
     * Hanako calls: her tag shows and her record pops in the "switchboard-crm" window while it rings;
     * the notes typed during the call are on the call, a new case is assigned to it, and after the
     * call "Call log" writes it all to the log; the case the call is related to opens next.
     */
    @Test
    public void step1_hanakosCallPopsHerRecordAndItsNotesAndNewCaseReachTheCallLog() throws Exception {
        String token = login("alice", "alice-secret");
        settings(token, "CASE", "RELATED_RECORD", true);
        String hanako = contactId(token, HANAKO, "Hanako Yamada");
        AgentBrowser alice = browser("/switchboard/");

        String callId = simulateInbound(HANAKO);
        WebElement tag = alice.visible(By.id("incoming-contact"));
        assertEquals("Hanako Yamada", tag.getText());
        String crmWindow = awaitWindow(alice, "/switchboard/crm/contact/" + hanako);
        assertTrue(crmWindow, crmWindow.endsWith("/switchboard/crm/contact/" + hanako));
        alice.screenshot(SCREENSHOTS.resolve("crm-incoming.png"));

        alice.click(By.id("answer-button"));
        alice.visible(By.id("call-timer"));
        String note = "Toner smudges since Monday; sent a new drum.";
        alice.visible(By.id("notes-input")).sendKeys(note);
        alice.wait.until(ExpectedConditions.textToBe(By.id("notes-status"), "Saved"));
        assertEquals("the notes are on the call", note, get("/calls/" + callId, token).body().path("notes").path("notes").asText());

        alice.click(By.id("subject-toggle"));
        alice.visible(By.id("subject-input")).sendKeys("Printer toner");
        alice.click(By.id("assign-button"));
        alice.visible(By.id("assign-sheet"));
        alice.click(By.id("new-item-button"));
        alice.visible(By.id("new-item-subject")).sendKeys("Toner smudges on every page");
        alice.driver.findElement(By.id("new-item-memo")).sendKeys("Customer called; drum replaced.");
        alice.click(By.id("new-item-create"));
        alice.wait.until(ExpectedConditions.textToBe(By.id("related-to"), "Related to: Toner smudges on every page"));
        String caseId = awaitText(() -> notesOf(callId, token).path("relatedItemId").asText(""));
        assertEquals("Printer toner", awaitText(() -> notesOf(callId, token).path("subject").asText("")));
        alice.screenshot(SCREENSHOTS.resolve("crm-in-call.png"));

        alice.click(By.id("hangup-button"));
        alice.visible(By.id("wrap-up"));
        alice.screenshot(SCREENSHOTS.resolve("crm-wrap-up.png"));
        alice.click(By.id("log-button"));
        alice.wait.until(ExpectedConditions.textToBe(By.id("log-status"), "Logged"));
        JsonNode log = get("/call-logs/" + callId, token).body();
        assertEquals(log.toString(), note, log.path("notes").asText());
        assertEquals(log.toString(), "Printer toner", log.path("subject").asText());
        assertEquals(log.toString(), hanako, log.path("contactId").asText());
        assertEquals(log.toString(), caseId, log.path("relatedItemId").asText());

        String related = awaitWindow(alice, "/switchboard/crm/case/" + caseId);
        assertTrue("after the call the case opens: " + related, related.endsWith("/switchboard/crm/case/" + caseId));
        alice.click(By.id("wrap-done"));
        alice.visible(By.id("dial-input"));
    }

    /** Taro and Jiro Sato share a number: after the call the agent must say who it was, and the log goes to that one. */
    @Test
    public void step2_aNumberSharedByTwoContactsAsksWhoItWasBeforeTheCallLog() throws Exception {
        String token = login("alice", "alice-secret");
        settings(token, "CASE", "STAY", true);
        String jiro = contactId(token, SATOS, "Jiro Sato");
        AgentBrowser alice = browser("/switchboard/");

        String callId = simulateInbound(SATOS);
        alice.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("incoming-contact"), "2 contacts"));
        alice.click(By.id("answer-button"));
        alice.visible(By.id("call-timer"));
        alice.visible(By.id("notes-input")).sendKeys("Asked for the invoice again.");
        alice.wait.until(ExpectedConditions.textToBe(By.id("notes-status"), "Saved"));
        alice.click(By.id("hangup-button"));

        alice.visible(By.id("who-was-it"));
        alice.click(By.id("log-button"));
        assertTrue("the call log waits for the pick", alice.visible(By.id("who-error")).isDisplayed());
        alice.screenshot(SCREENSHOTS.resolve("crm-who-was-it.png"));
        alice.click(By.xpath("//fieldset[@id='who-was-it']//label[contains(., 'Jiro Sato')]"));
        alice.click(By.id("log-button"));
        alice.wait.until(ExpectedConditions.textToBe(By.id("log-status"), "Logged"));
        JsonNode log = get("/call-logs/" + callId, token).body();
        assertEquals(log.toString(), jiro, log.path("contactId").asText());
        assertEquals(log.toString(), "Asked for the invoice again.", log.path("notes").asText());
    }

    /** Alice's notes travel with the call: transferred to bob, it rings in his panel with them, and they are in his notes. */
    @Test
    public void step2b_aTransferredCallArrivesWithItsNotesAndContact() throws Exception {
        String token = login("alice", "alice-secret");
        settings(token, "CASE", "STAY", false);
        settings(login("bob", "bob-secret"), "CASE", "STAY", false);
        AgentBrowser alice = browser("/switchboard/");
        AgentBrowser bob = browser("/switchboard/", "bob");

        simulateInbound(HANAKO);
        alice.click(By.id("answer-button"));
        alice.visible(By.id("call-timer"));
        String note = "Wants to talk about the renewal price.";
        alice.visible(By.id("notes-input")).sendKeys(note);
        alice.wait.until(ExpectedConditions.textToBe(By.id("notes-status"), "Saved"));
        alice.click(By.id("transfer-button"));
        alice.visible(By.id("transfer-input")).sendKeys("bob");
        alice.click(By.xpath("//div[@id='transfer-results']//button[contains(., 'Bob')]"));
        alice.click(By.xpath("//input[@name='transfer-mode' and @value='blind']/parent::label"));
        alice.click(By.id("transfer-submit"));

        WebElement handedOver = bob.visible(By.id("incoming-notes"));
        assertTrue(handedOver.getText(), handedOver.getText().contains(note));
        assertEquals("Hanako Yamada", bob.visible(By.id("incoming-contact")).getText());
        bob.screenshot(SCREENSHOTS.resolve("crm-transferred-incoming.png"));
        bob.click(By.id("answer-button"));
        bob.visible(By.id("call-timer"));
        bob.wait.until(d -> note.equals(d.findElement(By.id("notes-input")).getAttribute("value")));
        alice.visible(By.id("wrap-up"));
        bob.click(By.id("hangup-button"));
        bob.visible(By.id("wrap-up"));
    }

    // ---- inside Salesforce Lightning (Open CTI) ---------------------------------------------------

    /**
     * In Lightning the page loads Open CTI from the embedding origin, turns click-to-dial on, and a
     * clicked number calls from the agent's chosen caller ID; an incoming call opens the panel and pops
     * the contact, and after the call its call log (the CRM's Task) pops as the settings ask.
     */
    @Test
    public void step3_insideLightningOpenCtiDialsShowsThePanelAndPopsTheRecords() throws Exception {
        String token = login("alice", "alice-secret");
        settings(token, "CASE", "CALL_LOG", true);
        String hanako = contactId(token, HANAKO, "Hanako Yamada");
        String origin = "http://127.0.0.1:" + salesforce.getAddress().getPort();
        AgentBrowser alice = browser("/switchboard/?sfdcIframeOrigin=" + origin + "&mode=Lightning");
        awaitTrue("the page loaded Open CTI from " + origin, () -> openCtiLoads.get() > 0 && called(alice, "enableClickToDial"));
        assertEquals("salesforce", alice.driver.findElement(By.id("app")).getAttribute("data-host"));
        assertTrue("the click-to-dial listener is registered", called(alice, "onClickToDial"));

        new org.openqa.selenium.support.ui.Select(alice.visible(By.id("caller-id"))).selectByValue("+15550100");
        Path carrierWork = Files.createTempDirectory("crm-carrier-");
        Process carrier = SipSupport.serve("ring-cancelled.xml", TRUNK, carrierWork);
        java.util.concurrent.TimeUnit.MILLISECONDS.sleep(300); // SIPp binds its port
        alice.script("window.__openCti.listeners.clickToDial({ number: arguments[0], recordId: '003', objectType: 'Contact' })", HANAKO);
        JsonNode placed = awaitCall(token, HANAKO);
        assertEquals("the agent's chosen caller ID", "+15550100", placed.path("callerId").asText());
        assertTrue(called(alice, "setSoftphonePanelVisibility"));
        alice.visible(By.id("hangup-button"));
        alice.click(By.id("hangup-button"));
        alice.visible(By.id("dial-input"));
        assertTrue("the carrier rang and was cancelled: " + SipSupport.finish(carrier, carrierWork), carrier.exitValue() == 0);

        alice.script("window.__openCti.calls.length = 0");
        String callId = simulateInbound(HANAKO);
        alice.visible(By.id("answer-button"));
        awaitTrue("the panel opens for the call", () -> "true".equals(String.valueOf(alice.script(
                "return window.__openCti.calls.some((c) => c.name === 'setSoftphonePanelVisibility' && c.args.visible === true)"))));
        awaitTrue("the contact pops", () -> poppedUrl(alice).endsWith("/switchboard/crm/contact/" + hanako));
        alice.screenshot(SCREENSHOTS.resolve("crm-lightning-incoming.png"));
        assertEquals("one tab: no window of its own in Lightning", 1, alice.driver.getWindowHandles().size());

        alice.click(By.id("answer-button"));
        alice.visible(By.id("call-timer"));
        alice.click(By.id("hangup-button"));
        alice.visible(By.id("wrap-up"));
        alice.click(By.id("log-button"));
        alice.wait.until(ExpectedConditions.textToBe(By.id("log-status"), "Logged"));
        awaitTrue("the call log (Task) pops after the call", () -> poppedUrl(alice).contains("/switchboard/crm/task/"));
        JsonNode deliveries = get("/call-logs/" + callId, token).body().path("deliveries");
        boolean matches = false;
        for (JsonNode d : deliveries) {
            matches |= poppedUrl(alice).endsWith(d.path("url").asText("-"));
        }
        assertTrue("the popped Task is the log's delivery: " + deliveries, matches);
        assertFalse("no error shown", alice.driver.findElements(By.cssSelector(".toast.error")).size() > 0);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private AgentBrowser browser(String path) {
        return browser(path, "alice");
    }

    private AgentBrowser browser(String path, String agent) {
        AgentBrowser browser = AgentBrowser.open("http://127.0.0.1:" + HTTP_PORT + path, microphone);
        browsers.add(browser);
        browser.signIn(agent, agent + "-secret");
        browser.awaitPhone("open");
        return browser;
    }

    private void settings(String token, String relation, String navigation, boolean notification) throws Exception {
        ObjectNode s = (ObjectNode) get("/agents/me/settings", token).body();
        s.put("callRelation", relation).put("postCallNavigation", navigation).put("incomingNotification", notification)
                .put("clickToCall", true);
        assertEquals(200, put("/agents/me/settings", token, s.toString()).status());
    }

    private String contactId(String token, String phone, String name) throws Exception {
        JsonNode found = get("/contacts?phone=" + java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8), token).body();
        for (JsonNode c : found.path("items")) {
            if (name.equals(c.path("name").asText())) {
                return c.path("id").asText();
            }
        }
        throw new AssertionError(name + " not in the local CRM: " + found);
    }

    private static String simulateInbound(String from) throws Exception {
        String output = CONSOLE.run("sb:simulate-inbound " + from + " +15550101");
        Matcher placed = PLACED.matcher(output);
        assertTrue(output, placed.find());
        return placed.group(1);
    }

    private JsonNode notesOf(String callId, String token) {
        try {
            return get("/calls/" + callId, token).body().path("notes");
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private JsonNode awaitCall(String token, String dialed) throws Exception {
        JsonNode[] found = new JsonNode[1];
        awaitTrue("a call to " + dialed, () -> {
            try {
                for (JsonNode call : get("/calls", token).body().path("items")) {
                    if (dialed.equals(call.path("dialed").asText())) {
                        found[0] = call;
                    }
                }
            } catch (Exception e) {
                return false;
            }
            return found[0] != null;
        });
        return found[0];
    }

    /** The URL a window of the browser shows once one shows {@code pathEnd}; the softphone tab stays current. */
    private String awaitWindow(AgentBrowser browser, String pathEnd) throws InterruptedException {
        String softphone = browser.driver.getWindowHandle();
        String[] url = new String[1];
        try {
            awaitTrue("a window on " + pathEnd, () -> {
                for (String handle : browser.driver.getWindowHandles()) {
                    if (!handle.equals(softphone)) {
                        String u = browser.driver.switchTo().window(handle).getCurrentUrl();
                        if (u.endsWith(pathEnd)) {
                            url[0] = u;
                        }
                    }
                }
                browser.driver.switchTo().window(softphone);
                return url[0] != null;
            });
        } finally {
            browser.driver.switchTo().window(softphone);
        }
        return url[0];
    }

    private static boolean called(AgentBrowser browser, String name) {
        return Boolean.TRUE.equals(browser.script(
                "return !!window.__openCti && window.__openCti.calls.some((c) => c.name === arguments[0])", name));
    }

    /** The URL (or record) of the page's last Open CTI screen pop. */
    private static String poppedUrl(AgentBrowser browser) {
        Object url = browser.script("""
                const pops = (window.__openCti ? window.__openCti.calls : []).filter((c) => c.name === 'screenPop');
                const last = pops[pops.length - 1];
                return last ? (last.args.params.url || last.args.params.recordId || '') : '';
                """);
        return String.valueOf(url);
    }

    private static String awaitText(java.util.function.Supplier<String> value) throws InterruptedException {
        String[] seen = new String[1];
        await("a value", () -> {
            seen[0] = value.get();
            return seen[0] != null && !seen[0].isEmpty();
        });
        return seen[0];
    }

    private void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        try {
            await(what, condition);
        } catch (AssertionError e) {
            StringBuilder details = new StringBuilder(e.getMessage());
            for (AgentBrowser browser : browsers) {
                details.append("\n--- page (phone ").append(browser.phoneState()).append(")\n").append(browser.log());
                Object calls = browser.script("return window.__openCti ? JSON.stringify(window.__openCti.calls) : 'no Open CTI'");
                details.append("Open CTI calls: ").append(calls);
            }
            throw new AssertionError(details.toString());
        }
    }
}
