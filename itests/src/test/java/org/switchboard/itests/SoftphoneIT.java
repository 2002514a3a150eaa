package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.ops4j.pax.exam.ExamSystem;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.TestContainer;
import org.ops4j.pax.exam.spi.PaxExamRuntime;

/**
 * The agent's softphone page in real headless Chromium, 360 px wide like the Salesforce utility bar.
 *
 * <p>Selenium has to run in this (the test) JVM, so this is not a {@code @RunWith(PaxExam.class)} test,
 * whose methods run inside the container: the same distribution, with the same options as the other
 * ITs, is booted through Pax Exam's server mode (no probe), and the test talks to it as an agent's
 * browser would: over HTTP, the WebSocket and, for console commands, Karaf's SSH shell. The steps run
 * in name order on one signed-in page, as an agent's session would go.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SoftphoneIT extends SwitchboardTestSupport {
    private static final KarafShell CONSOLE = new KarafShell(SSH_PORT);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("switchboard.itest.screenshots", "target/screenshots"));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestContainer container;
    private static WebDriver browser;
    private static WebDriverWait wait;
    /** Console errors seen so far, step by step; the last step asserts there were none. */
    private static final List<String> consoleErrors = new ArrayList<>();
    private static final Pattern DEFAULT_GREETING = Pattern.compile("/agents/me/greeting - Failed to load resource: .* 404");

    @BeforeClass
    public static void bootAndOpenTheBrowser() throws Exception {
        List<Option> options = new ArrayList<>(List.of(new SoftphoneIT().baseConfig()));
        options.add(CONSOLE.user());
        // SIPp answers one digest challenge and speaks MD5 only
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "digestAlgorithms", "MD5"));
        ExamSystem system = PaxExamRuntime.createServerSystem(options.toArray(new Option[0]));
        container = PaxExamRuntime.createContainer(system);
        container.start();
        new SoftphoneIT().awaitHealthy();

        File chromedriver = new File("/usr/bin/chromedriver");
        File chromium = new File("/usr/bin/chromium");
        if (!chromedriver.canExecute() || !chromium.canExecute()) {
            throw new AssertionError("install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        }
        ChromeOptions chrome = new ChromeOptions();
        chrome.setBinary(chromium);
        chrome.addArguments("--headless=new", "--no-sandbox", "--window-size=360,800", "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream", "--disable-gpu", "--disable-dev-shm-usage", "--lang=en-US",
                "--allow-loopback-in-peer-connection"); // the phone line's ICE candidate is on loopback
        chrome.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver).usingAnyFreePort().build();
        ChromeDriver chromeDriver = new ChromeDriver(service, chrome);
        // a desktop Chromium window is at least 500 px wide: the viewport is set to the utility bar's 360 px
        chromeDriver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 360, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        browser = chromeDriver;
        wait = new WebDriverWait(browser, WAIT);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterClass
    public static void closeAndStop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (container != null) {
                container.stop();
            }
        }
    }

    @Before
    public void onThePage() {
        if (!browser.getCurrentUrl().startsWith(page())) {
            browser.get(page());
        }
    }

    @After
    public void collectConsoleErrors() {
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            // Chromium logs a 404 itself; for the greeting it means "callers hear the default one"
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !DEFAULT_GREETING.matcher(entry.getMessage()).find()) {
                consoleErrors.add(entry.getMessage());
            }
        }
    }

    private static String page() {
        return "http://127.0.0.1:" + HTTP_PORT + "/switchboard/";
    }

    // ---- the steps ------------------------------------------------------------------------------

    @Test
    public void step01_aWrongPasswordIsShownAndAliceSignsIn() throws Exception {
        Answer redirect = sendRaw("/switchboard");
        assertEquals("/switchboard redirects to the page", 302, redirect.status());
        assertTrue(redirect.header("Location"), redirect.header("Location").endsWith("/switchboard/"));

        WebElement username = visible(By.id("login-username"));
        assertNoHorizontalScroll("login");
        screenshot("login");
        username.sendKeys("alice");
        browser.findElement(By.id("login-password")).sendKeys("not-alices");
        browser.findElement(By.id("login-submit")).click();
        WebElement error = visible(By.id("login-error"));
        assertEquals("Wrong username or password.", error.getText());
        // Chromium logs the refused login's 401 as a console error itself: that one is expected, and
        // seeing it proves the browser log is read at all
        boolean saw401 = false;
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                if (e.getMessage().contains("401")) {
                    saw401 = true;
                } else {
                    consoleErrors.add(e.getMessage());
                }
            }
        }
        assertTrue("the browser log shows the refused login", saw401);

        browser.findElement(By.id("login-password")).sendKeys("alice-secret");
        browser.findElement(By.id("login-submit")).click();
        WebElement name = visible(By.id("me-name"));
        wait.until(ExpectedConditions.textToBePresentInElement(name, "Alice"));
        assertEquals("the initials stand in for a picture", "AA".length(), browser.findElement(By.id("me-avatar")).getText().length());
        assertEquals("AVAILABLE", new Select(browser.findElement(By.id("presence-select"))).getFirstSelectedOption()
                .getAttribute("value"));
    }

    @Test
    public void step02_presenceChosenInTheHeaderReachesTheServer() throws Exception {
        String token = login("alice", "alice-secret");
        new Select(visible(By.id("presence-select"))).selectByValue("AWAY");
        await("alice AWAY on the server", () -> presenceOf(token).equals("AWAY"));
        new Select(browser.findElement(By.id("presence-select"))).selectByValue("AVAILABLE");
        await("alice AVAILABLE on the server", () -> presenceOf(token).equals("AVAILABLE"));
        assertEquals("AVAILABLE", browser.findElement(By.id("presence-dot")).getAttribute("data-presence"));
    }

    @Test
    public void step03_callerIdDropDownOffersTheAgentsDidAndTheMainNumber() throws Exception {
        Select callerId = new Select(visible(By.id("caller-id")));
        List<String> values = callerId.getOptions().stream().map(o -> o.getAttribute("value")).toList();
        assertEquals(List.of("+15550101", "+15550100"), values);
        assertTrue(callerId.getOptions().get(0).getText(), callerId.getOptions().get(0).getText().contains("My number"));
        assertTrue("the keypad types into the number field", keypadTypes("5550"));
        assertNoHorizontalScroll("dialer");
        typeInto(browser.findElement(By.id("dial-input")), "");
        browser.findElement(By.id("dial-input")).click(); // the pointer leaves the keypad
        screenshot("dialer");
    }

    @Test
    public void step04_directorySearchFindsHanakoYamadaAndFillsTheNumber() throws Exception {
        WebElement input = visible(By.id("dial-input"));
        typeInto(input, "yamada");
        WebElement hit = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[@id='dial-results']//button[contains(., 'Hanako Yamada')]")));
        assertNoHorizontalScroll("directory search");
        screenshot("directory-search");
        hit.click();
        wait.until(d -> "+15551230001".equals(input.getAttribute("value")));
        assertTrue("Call is enabled for the number", browser.findElement(By.id("call-button")).isEnabled());
        typeInto(input, "");
    }

    @Test
    public void step05_anInboundCallRingsWithTheContactTagAndRejectEndsItForAlice() throws Exception {
        String token = login("alice", "alice-secret");
        Process phone = alicesPhone("ring-cancelled.xml");
        try {
            String output = console("sb:simulate-inbound +15551230001 +15550100");
            Matcher placed = Pattern.compile("Call ([0-9a-f-]{36}) ").matcher(output);
            assertTrue(output, placed.find());
            String callId = placed.group(1);

            visible(By.id("incoming"));
            WebElement tag = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("button#incoming-contact")));
            assertEquals("Hanako Yamada", tag.getText());
            assertTrue("the caller's number, formatted", browser.findElement(By.id("incoming")).getText().contains("+1 (555) 123-0001"));
            assertTrue("Screen is offered with Answer and Reject", browser.findElement(By.id("screen-button")).isEnabled());
            assertNoHorizontalScroll("incoming call");
            screenshot("incoming-call");

            click(By.id("reject-button"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("incoming")));
            JsonNode call = get("/calls/" + callId, token).body();
            String alice = get("/agents/me", token).body().path("id").asText();
            JsonNode alicesLeg = null;
            for (JsonNode leg : call.path("legs")) {
                if (alice.equals(leg.path("agentId").asText())) {
                    alicesLeg = leg;
                }
            }
            assertTrue(call.toString(), alicesLeg != null);
            assertEquals("alice's offer ended: " + call, "ENDED", alicesLeg.path("state").asText());
            assertTrue("her phone was cancelled: " + finish(phone), phone.waitFor(20, TimeUnit.SECONDS) && phone.exitValue() == 0);
        } finally {
            phone.destroy();
        }
    }

    /**
     * Alice answers on her (SIPp) desk phone: the panel follows the call, its hold and mute buttons
     * act on the server, the note typed during the call lands on the call log after she hangs up
     * from the panel.
     */
    @Test
    public void step06_anAnsweredCallIsControlledFromThePanelAndItsNoteIsLogged() throws Exception {
        String token = login("alice", "alice-secret");
        String alice = get("/agents/me", token).body().path("id").asText();
        Process phone = alicesPhone("answer.xml");
        try {
            String output = console("sb:simulate-inbound +15551230001 +15550100");
            Matcher placed = Pattern.compile("Call ([0-9a-f-]{36}) ").matcher(output);
            assertTrue(output, placed.find());
            String callId = placed.group(1);

            visible(By.id("call-timer"));
            assertEquals("Hanako Yamada", visible(By.id("call-contact")).getText());
            // the main number records every call: REC shows it, and cannot stop it
            JsonNode recording = get("/calls/" + callId, token).body().path("recording");
            WebElement record = browser.findElement(By.id("record-button"));
            if (recording.path("automatic").asBoolean(false)) {
                assertFalse("an automatic recording cannot be stopped", record.isEnabled());
                assertEquals("This number records every call", record.getAttribute("title"));
                assertTrue(visible(By.id("rec-time")).getText(), visible(By.id("rec-time")).getText().startsWith("REC "));
            } else {
                assertTrue("Record is offered: " + recording, record.isEnabled());
            }
            assertTrue("the call is on alice's SIP phone: it can move to the browser",
                    browser.findElement(By.id("switch-device-button")).isDisplayed());

            click(By.id("hold-button"));
            await("the caller held", () -> "HELD".equals(callState(callId, token)));
            wait.until(ExpectedConditions.attributeToBe(By.id("hold-button"), "aria-pressed", "true"));
            click(By.id("hold-button"));
            await("the caller resumed", () -> "ACTIVE".equals(callState(callId, token)));

            click(By.id("mute-button"));
            await("alice muted", () -> legOf(callId, token, alice).path("muted").asBoolean());
            wait.until(ExpectedConditions.attributeToBe(By.id("mute-button"), "aria-pressed", "true"));

            click(By.id("keypad-button"));
            click(By.id("dtmf-1"));
            click(By.id("dtmf-hash"));
            new org.openqa.selenium.interactions.Actions(browser).sendKeys("9").perform(); // the keyboard dials too
            wait.until(ExpectedConditions.textToBe(By.cssSelector(".dtmf-sent"), "1#9"));
            click(By.id("keypad-button"));

            click(By.id("transfer-button"));
            WebElement target = visible(By.id("transfer-input"));
            target.sendKeys("bob");
            click(By.xpath("//div[@id='transfer-results']//button[contains(., 'Bob Brown')]"));
            assertTrue(visible(By.id("transfer-target")).getText().contains("Bob Brown"));
            browser.findElement(By.cssSelector("label:has(input[value='blind'])")).click();
            assertEquals("Transfer now", browser.findElement(By.id("transfer-submit")).getText());
            assertNoHorizontalScroll("transfer");
            screenshot("transfer");
            target.sendKeys(Keys.ESCAPE);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("transfer-sheet")));

            // the tag opens the record in the CRM; the "i" next to it shows the contact here
            click(By.id("call-contact-details"));
            WebElement contact = visible(By.cssSelector("#contact-sheet .contact"));
            wait.until(ExpectedConditions.textToBePresentInElement(contact, "Acme Corp"));
            assertTrue(contact.getText(), contact.getText().contains("Hanako Yamada"));
            screenshot("contact");
            click(By.cssSelector("#contact-sheet button[aria-label='Close']"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("contact-sheet")));
            assertEquals("no action failed", 0, browser.findElements(By.cssSelector(".toast.error")).size());

            String note = "Asked about her open case; call back Friday.";
            browser.findElement(By.id("notes-input")).sendKeys(note);
            click(By.id("log-button"));
            assertNoHorizontalScroll("call in progress");
            screenshot("in-call");

            click(By.id("hangup-button"));
            wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#wrap-up .call-kicker"), "textContent", "Call ended"));
            await("the note on the call log", () -> {
                try {
                    return note.equals(get("/call-logs/" + callId, token).body().path("notes").asText());
                } catch (Exception e) {
                    return false;
                }
            });
            wait.until(ExpectedConditions.textToBe(By.id("log-status"), "Logged"));
            assertTrue("alice's phone got the BYE: " + finish(phone), phone.waitFor(20, TimeUnit.SECONDS) && phone.exitValue() == 0);
            click(By.id("wrap-done"));
            visible(By.id("dial-input"));
        } finally {
            phone.destroy();
        }
    }

    /** Warm transfer from the panel: consult bob (his SIPp phone answers), then Complete; bob keeps the caller. */
    @Test
    public void step06b_aWarmTransferConsultsBobThenCompletes() throws Exception {
        String token = login("alice", "alice-secret");
        String bobToken = login("bob", "bob-secret");
        String bob = get("/agents/me", bobToken).body().path("id").asText();
        Process alicesPhone = alicesPhone("answer.xml");
        Process bobsPhone = phone("register-bob.xml", "answer.xml");
        try {
            Matcher placed = Pattern.compile("Call ([0-9a-f-]{36}) ").matcher(console("sb:simulate-inbound +15551230001 +15550101"));
            assertTrue(placed.find());
            String callId = placed.group(1);
            visible(By.id("call-timer"));

            click(By.id("transfer-button"));
            visible(By.id("transfer-input")).sendKeys("bob");
            click(By.xpath("//div[@id='transfer-results']//button[contains(., 'Bob Brown')]"));
            assertEquals("warm is the default", "Consult", browser.findElement(By.id("transfer-submit")).getText());
            click(By.id("transfer-submit"));
            // found anew on each poll: the consultation card is redrawn as the target answers
            wait.until(ExpectedConditions.elementToBeClickable(By.id("complete-transfer")));
            assertEquals("the caller waits on hold", "HELD", callState(callId, token));
            assertNoHorizontalScroll("warm transfer");
            screenshot("warm-transfer");
            click(By.id("complete-transfer"));

            visible(By.id("wrap-up"));
            await("bob talks to the caller", () -> "ANSWERED".equals(legOf(callId, bobToken, bob).path("state").asText()));
            assertEquals("ACTIVE", callState(callId, bobToken));
            assertTrue("alice's phone left the call: " + finish(alicesPhone),
                    alicesPhone.waitFor(20, TimeUnit.SECONDS) && alicesPhone.exitValue() == 0);
            assertEquals(200, post("/calls/" + callId + "/hangup", bobToken, "").status());
            assertTrue("bob's phone hung up: " + finish(bobsPhone), bobsPhone.waitFor(20, TimeUnit.SECONDS) && bobsPhone.exitValue() == 0);
            click(By.id("wrap-done"));
            visible(By.id("dial-input"));
        } finally {
            alicesPhone.destroy();
            bobsPhone.destroy();
        }
    }

    /** Call from the dialer with the main number as caller ID: alice's phone rings first (click-to-call). */
    @Test
    public void step07_theDialerPlacesACallWithTheChosenCallerId() throws Exception {
        String token = login("alice", "alice-secret");
        Process bobsPhone = phone("register-bob.xml", "ring-cancelled.xml");
        try {
            new Select(visible(By.id("caller-id"))).selectByValue("+15550100");
            typeInto(browser.findElement(By.id("dial-input")), "1002");
            click(By.id("call-button"));
            WebElement panel = visible(By.id("incall"));
            wait.until(ExpectedConditions.textToBePresentInElement(panel, "Calling"));
            JsonNode[] placed = new JsonNode[1];
            await("the call to 1002 rings bob", () -> {
                try {
                    for (JsonNode call : get("/calls", token).body().path("items")) {
                        if ("1002".equals(call.path("dialed").asText())) {
                            placed[0] = call;
                        }
                    }
                    return placed[0] != null;
                } catch (Exception e) {
                    return false;
                }
            });
            assertEquals("the chosen caller ID", "+15550100", placed[0].path("callerId").asText());
            assertEquals("the page calls from its phone line, not alice's desk phone", "WEBRTC",
                    placed[0].path("legs").get(0).path("kind").asText());

            click(By.id("hangup-button"));
            visible(By.id("dial-input"));
            String callId = placed[0].path("id").asText();
            await("the call ended", () -> "ENDED".equals(callState(callId, token)));
            assertTrue("bob's phone was cancelled: " + finish(bobsPhone),
                    bobsPhone.waitFor(20, TimeUnit.SECONDS) && bobsPhone.exitValue() == 0);
        } finally {
            bobsPhone.destroy();
        }
    }

    @Test
    public void step08_callHistoryShowsTheCallsNewestFirst() throws Exception {
        visible(By.id("tab-history")).click();
        wait.until(d -> d.findElements(By.cssSelector("#history-list li")).size() >= 3);
        List<WebElement> items = browser.findElements(By.cssSelector("#history-list li"));
        assertEquals("the call placed last comes first", "1002",
                items.get(0).findElement(By.cssSelector("button.callback")).getText());
        assertTrue(items.get(0).getText(), items.get(0).getText().contains("Outgoing call"));
        List<String> texts = items.stream().map(WebElement::getText).toList();
        int noted = indexOf(texts, "+1 (555) 123-0001", "Notes");
        int declined = indexOf(texts, "+1 (555) 123-0001", "Declined");
        assertTrue("the answered call with its note and the declined one: " + texts, noted > 0 && declined > 0);
        assertTrue("the declined call came first, so it is listed below: " + texts, declined > noted);
        assertNoHorizontalScroll("history");
        screenshot("history");
        browser.findElement(By.id("tab-phone")).click();
    }

    @Test
    public void step09_settingsSavedInThePageAreReturnedByTheApi() throws Exception {
        visible(By.id("settings-button")).click();
        visible(By.id("settings-sheet"));
        WebElement clickToCall = browser.findElement(By.id("setting-click-to-call"));
        assertTrue("demo default: click-to-call on", clickToCall.isSelected());
        browser.findElement(By.cssSelector(".switch:has(#setting-click-to-call)")).click();
        awaitSaved();
        browser.findElement(By.cssSelector("label:has(#relation-opportunity)")).click();
        awaitSaved();
        new Select(browser.findElement(By.id("setting-navigation"))).selectByValue("CALL_LOG");
        awaitSaved();
        Select ringer = new Select(browser.findElement(By.id("setting-ringer")));
        String ringerId = ringer.getOptions().get(ringer.getOptions().size() - 1).getAttribute("value");
        ringer.selectByValue(ringerId);
        awaitSaved();
        assertNoHorizontalScroll("settings");
        screenshot("settings");

        JsonNode saved = get("/agents/me/settings", login("alice", "alice-secret")).body();
        assertEquals(saved.toString(), false, saved.path("clickToCall").asBoolean(true));
        assertEquals("OPPORTUNITY", saved.path("callRelation").asText());
        assertEquals("CALL_LOG", saved.path("postCallNavigation").asText());
        assertEquals(ringerId, saved.path("ringer").asText());
        browser.findElement(By.id("settings-done")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("settings-sheet")));
    }

    /**
     * The page's phone line (phone.js) against the signalling contract, with a stand-in for the
     * WebSocket (the server's side of the line is another issue): it waits for the server's word,
     * opens a real RTCPeerConnection with the fake microphone on {@code state active:true} and sends
     * the full offer, applies the answer, closes on {@code active:false}, and {@code take} asks for
     * the phone back.
     */
    @Test
    public void step10_thePhoneLineFollowsTheSignallingContract() {
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const { PhoneLine } = await import('./js/phone.js');
                  const handlers = {};
                  const sent = [];
                  const channel = {
                    on(type, h) { (handlers[type] = handlers[type] || []).push(h); },
                    send(m) { sent.push(m); return true; },
                    emit(type, m) { (handlers[type] || []).forEach((h) => h(m)); },
                  };
                  const states = [];
                  const line = new PhoneLine(channel, new Audio(), { onState: (s) => states.push(s) });
                  const before = sent.length;
                  channel.emit('phone', { type: 'phone', event: 'state', active: true });
                  const deadline = Date.now() + 10000;
                  while (!sent.some((m) => m.event === 'open') && Date.now() < deadline) {
                    await new Promise((r) => setTimeout(r, 50));
                  }
                  const open = sent.find((m) => m.event === 'open');
                  const offer = new RTCPeerConnection();
                  offer.addTransceiver('audio', { direction: 'sendrecv' });
                  await offer.setLocalDescription(await offer.createOffer());
                  const server = new RTCPeerConnection();
                  let answerApplied = 'no offer';
                  if (open) {
                    await server.setRemoteDescription({ type: 'offer', sdp: open.sdp });
                    await server.setLocalDescription(await server.createAnswer());
                    channel.emit('phone', { type: 'phone', event: 'answer', sdp: server.localDescription.sdp });
                    await new Promise((r) => setTimeout(r, 300));
                    answerApplied = line.pc && line.pc.remoteDescription ? line.pc.remoteDescription.type : 'none';
                  }
                  channel.emit('phone', { type: 'phone', event: 'state', active: false });
                  const closedState = line.state;
                  const closedPc = line.pc === null;
                  line.take();
                  server.close();
                  offer.close();
                  done({
                    sentBeforeState: before,
                    openSdp: open ? open.sdp : '',
                    type: open ? open.type : '',
                    answerApplied,
                    closedState,
                    closedPc,
                    last: JSON.stringify(sent[sent.length - 1]),
                    states: states.join(','),
                  });
                })().catch((e) => done({ error: String(e) }));
                """);
        assertEquals(result.toString(), null, result.get("error"));
        assertEquals("nothing is sent before the server's state", 0L, ((Number) result.get("sentBeforeState")).longValue());
        assertEquals("phone", result.get("type"));
        String sdp = (String) result.get("openSdp");
        assertTrue("the offer is an audio sendrecv offer: " + sdp, sdp.contains("m=audio") && sdp.contains("a=sendrecv"));
        assertTrue("the offer went out after ICE gathering, candidates included: " + sdp, sdp.contains("a=candidate:"));
        assertEquals("answer", result.get("answerApplied"));
        assertEquals("inactive", result.get("closedState"));
        assertEquals(true, result.get("closedPc"));
        assertEquals("{\"type\":\"phone\",\"event\":\"take\"}", result.get("last"));
    }

    /** The hot-swap contract: the page's bundle goes and comes back while a call is up, and the call stays. */
    @Test
    public void step11_theUiFeatureIsSwappedUnderALiveCall() throws Exception {
        String token = login("alice", "alice-secret");
        Process phone = alicesPhone("answer.xml");
        try {
            Matcher placed = Pattern.compile("Call ([0-9a-f-]{36}) ").matcher(console("sb:simulate-inbound +15551230001 +15550100"));
            assertTrue(placed.find());
            String callId = placed.group(1);
            await("the call answered", () -> "ACTIVE".equals(callState(callId, token)));

            console("feature:uninstall switchboard-ui");
            await("the page gone", () -> statusOfPage() == 404);
            assertEquals("ACTIVE", callState(callId, token));
            console("feature:install switchboard-ui");
            await("the page back", () -> statusOfPage() == 200);
            assertEquals("the call survived the swap", "ACTIVE", callState(callId, token));

            browser.navigate().refresh();
            visible(By.id("call-timer"));
            assertEquals("the reloaded page finds the call", "Hanako Yamada", visible(By.id("call-contact")).getText());
            click(By.id("hangup-button"));
            await("the call ended", () -> "ENDED".equals(callState(callId, token)));
            assertTrue("alice's phone got the BYE: " + finish(phone), phone.waitFor(20, TimeUnit.SECONDS) && phone.exitValue() == 0);
            click(By.id("wrap-done"));
            visible(By.id("dial-input"));
        } finally {
            phone.destroy();
        }
    }

    /** The REST bundle restarts under the page: it says the connection is lost, reconnects, and hears events again. */
    @Test
    public void step11b_theEventSocketReconnectsWhenTheRestBundleRestarts() throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("""
                window.sawConnectionLost = false;
                new MutationObserver(() => {
                  const banner = document.querySelector('#banners .banner[role=alert]');
                  if (banner && banner.textContent.includes('Connection lost')) window.sawConnectionLost = true;
                }).observe(document.getElementById('banners'), { childList: true, subtree: true });
                """);
        console("bundle:restart org.switchboard.rest");
        wait.until(d -> Boolean.TRUE.equals(js.executeScript("return window.sawConnectionLost")));
        awaitHealthy();

        String token = login("alice", "alice-secret");
        // a change made while the page was cut off is caught up with when it reconnects ...
        put("/agents/me/presence", token, "{\"presence\":\"AWAY\"}");
        wait.until(ExpectedConditions.attributeToBe(By.id("presence-dot"), "data-presence", "AWAY"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#banners .banner[role=alert]"), 0));
        // ... and the next one arrives as an event on the new socket
        put("/agents/me/presence", token, "{\"presence\":\"BUSY\"}");
        wait.until(ExpectedConditions.attributeToBe(By.id("presence-dot"), "data-presence", "BUSY"));
        new Select(browser.findElement(By.id("presence-select"))).selectByValue("AVAILABLE");
        await("alice AVAILABLE again", () -> "AVAILABLE".equals(presenceOf(token)));
        // Chromium logs each refused reconnection attempt (the endpoint was away) itself
        browser.manage().logs().get(LogType.BROWSER).forEach(e -> {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !e.getMessage().contains("WebSocket connection to")) {
                consoleErrors.add(e.getMessage());
            }
        });
    }

    private int statusOfPage() {
        try {
            return sendRaw("/switchboard/").status();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    public void step12_aFullTabAndAShortPanelBothFit() throws Exception {
        ChromeDriver chromeDriver = (ChromeDriver) browser;
        try {
            chromeDriver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
            visible(By.id("dial-input"));
            assertNoHorizontalScroll("full tab", 1280);
            screenshot("full-tab");
            chromeDriver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 360, "height", 480, "deviceScaleFactor", 1, "mobile", false));
            Object fits = ((JavascriptExecutor) browser).executeScript(
                    "return document.getElementById('call-button').getBoundingClientRect().bottom <= window.innerHeight");
            assertEquals("in a 480 px high panel the Call button shows without scrolling", true, fits);
            screenshot("dialer-480");
        } finally {
            chromeDriver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 360, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        }
    }

    @Test
    public void step13_signingOutRevokesTheTokenAndALockedLoginSaysWhenToRetry() throws Exception {
        String token = (String) ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('switchboard.token')");
        assertEquals(200, get("/agents/me", token).status());
        click(By.id("logout-button"));
        visible(By.id("login-username"));
        await("the page's token revoked", () -> statusOf("/agents/me", token) == 401);
        assertEquals(null, ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('switchboard.token')"));
        collectConsoleErrors();

        for (int i = 0; i < 5; i++) {
            post("/sessions", null, "{\"username\":\"carol\",\"password\":\"wrong-" + i + "\"}");
        }
        browser.findElement(By.id("login-username")).sendKeys("carol");
        browser.findElement(By.id("login-password")).sendKeys("carol-secret");
        click(By.id("login-submit"));
        WebElement error = visible(By.id("login-error"));
        assertTrue(error.getText(), error.getText().matches("Too many failed attempts\\. Try again in \\d+ s\\."));
        assertFalse("sign-in waits for the lock to pass", browser.findElement(By.id("login-submit")).isEnabled());
        // the refused login's 429 is logged by Chromium itself
        browser.manage().logs().get(LogType.BROWSER).forEach(e -> {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !e.getMessage().contains("429")) {
                consoleErrors.add(e.getMessage());
            }
        });
    }

    @Test
    public void step14_thePageLoggedNoConsoleErrors() {
        collectConsoleErrors();
        assertEquals("console errors: " + consoleErrors, List.of(), consoleErrors);
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Clicks what the locator finds; the panel redraws a call's card on every event, so a found button may be replaced. */
    private void click(By by) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void typeInto(WebElement input, String text) {
        input.clear();
        // clear() fires no input event; the page listens to input
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", input);
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    private boolean keypadTypes(String digits) {
        WebElement input = browser.findElement(By.id("dial-input"));
        typeInto(input, "");
        for (char d : digits.toCharArray()) {
            browser.findElement(By.id("key-" + d)).click();
        }
        return digits.equals(input.getAttribute("value"));
    }

    private void awaitSaved() {
        wait.until(ExpectedConditions.textToBe(By.id("settings-status"), "All changes saved"));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('settings-status').textContent = ''");
    }

    private void assertNoHorizontalScroll(String screen) {
        assertNoHorizontalScroll(screen, 360);
    }

    /** Every visible control has an accessible name (aria-label, a label, its text or a title). */
    private void assertEveryControlIsLabelled(String screen) {
        Object unnamed = ((JavascriptExecutor) browser).executeScript("""
                const unnamed = [];
                for (const el of document.querySelectorAll('button, input, select, textarea, a[href]')) {
                  if (el.getClientRects().length === 0) continue;
                  const byIds = (el.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean)
                    .map((i) => (document.getElementById(i) || {}).textContent || '').join(' ').trim();
                  const forLabel = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
                  const name = (el.getAttribute('aria-label') || '').trim() || byIds
                    || (forLabel ? forLabel.textContent.trim() : '')
                    || (el.closest('label') ? el.closest('label').textContent.trim() : '')
                    || (el.tagName === 'BUTTON' || el.tagName === 'A' ? el.textContent.trim() : '')
                    || (el.getAttribute('title') || '').trim();
                  if (!name) unnamed.push(el.outerHTML.slice(0, 120));
                }
                return unnamed;
                """);
        assertEquals(screen + ": controls without an accessible name", List.of(), unnamed);
    }

    private void assertNoHorizontalScroll(String screen, int viewport) {
        Object widths = ((JavascriptExecutor) browser).executeScript(
                "return [document.documentElement.scrollWidth, window.innerWidth];");
        @SuppressWarnings("unchecked")
        List<Number> w = (List<Number>) widths;
        assertEquals("viewport width", viewport, w.get(1).intValue());
        assertTrue(screen + " scrolls sideways: content " + w.get(0) + " px in " + w.get(1) + " px",
                w.get(0).intValue() <= w.get(1).intValue());
    }

    private void screenshot(String name) throws Exception {
        assertEveryControlIsLabelled(name);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private String presenceOf(String token) {
        try {
            return get("/agents/me", token).body().path("presence").asText();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** An HTTP GET outside /api/v1 that does not follow redirects. */
    private Answer sendRaw(String path) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + HTTP_PORT + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        return new Answer(response.statusCode(), JSON.createObjectNode(), response.headers().map());
    }

    private static String console(String command) throws Exception {
        return CONSOLE.run(command);
    }

    private static int indexOf(List<String> texts, String... parts) {
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (java.util.Arrays.stream(parts).allMatch(text::contains)) {
                return i;
            }
        }
        return -1;
    }

    private String callState(String callId, String token) {
        try {
            return get("/calls/" + callId, token).body().path("state").asText();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private JsonNode legOf(String callId, String token, String agentId) {
        try {
            for (JsonNode leg : get("/calls/" + callId, token).body().path("legs")) {
                if (agentId.equals(leg.path("agentId").asText()) && !"ENDED".equals(leg.path("state").asText())) {
                    return leg;
                }
            }
        } catch (Exception e) {
            // not there (yet)
        }
        return JSON.createObjectNode();
    }

    /** Alice's SIPp phone, registered with digest, then running {@code scenario} (ringing, answering). */
    private static Process alicesPhone(String scenario) throws Exception {
        return phone("register.xml", scenario);
    }

    /** A SIPp phone that registers with {@code registerScenario} (alice's or bob's), then runs {@code scenario}. */
    private static Process phone(String registerScenario, String scenario) throws Exception {
        Path scenarios = Path.of(System.getProperty("switchboard.itest.sipp", "src/test/resources/sipp"));
        int port = freePort();
        Path work = Files.createTempDirectory("softphone-it-phone-");
        Process register = sipp(scenarios.resolve(registerScenario), port, work.resolve("register"), "127.0.0.1:" + SIP_PORT);
        assertTrue(registerScenario + ": " + finish(register), register.waitFor(30, TimeUnit.SECONDS)
                && register.exitValue() == 0);
        Process phone = sipp(scenarios.resolve(scenario), port, work.resolve("phone"));
        TimeUnit.MILLISECONDS.sleep(300); // SIPp binds its port
        return phone;
    }

    private static Process sipp(Path scenario, int port, Path work, String... remote) throws Exception {
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", scenario.toString(), "-m", "1", "-i", "127.0.0.1",
                "-p", String.valueOf(port), "-mp", String.valueOf(SipSupport.freeMediaPorts()), "-t", "u1", "-nostdin",
                "-timeout", "60s", "-timeout_error", "-trace_err", "-error_file", work.resolve("errors.log").toString()));
        command.addAll(List.of(remote));
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("output.log").toFile()).start();
    }

    private static String finish(Process process) {
        try {
            return process.isAlive() ? "still running" : "exit " + process.exitValue();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }
}
