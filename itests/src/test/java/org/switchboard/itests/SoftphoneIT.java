package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
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
    private static final String CONSOLE_USER = "itest";
    private static final String CONSOLE_PASSWORD = UUID.randomUUID().toString();
    private static final Path SCREENSHOTS = Path.of(System.getProperty("switchboard.itest.screenshots", "target/screenshots"));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestContainer container;
    private static WebDriver browser;
    private static WebDriverWait wait;
    /** Console errors seen so far, step by step; the last step asserts there were none. */
    private static final List<String> consoleErrors = new ArrayList<>();

    @BeforeClass
    public static void bootAndOpenTheBrowser() throws Exception {
        List<Option> options = new ArrayList<>(List.of(new SoftphoneIT().baseConfig()));
        options.add(editConfigurationFilePut("etc/users.properties", CONSOLE_USER,
                CONSOLE_PASSWORD + ",admin,manager,viewer,systembundles,ssh"));
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
                "--use-fake-device-for-media-stream", "--disable-gpu", "--lang=en-US");
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
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                consoleErrors.add(entry.getMessage());
            }
        }
    }

    private static String page() {
        return "http://127.0.0.1:" + HTTP_PORT + "/switchboard/";
    }

    // ---- the steps ------------------------------------------------------------------------------

    @Test
    public void step1_aWrongPasswordIsShownAndAliceSignsIn() throws Exception {
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
        // Chromium logs the refused login's 401 as a console error itself; that one is expected
        browser.manage().logs().get(LogType.BROWSER).forEach(e -> {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !e.getMessage().contains("401")) {
                consoleErrors.add(e.getMessage());
            }
        });

        browser.findElement(By.id("login-password")).sendKeys("alice-secret");
        browser.findElement(By.id("login-submit")).click();
        WebElement name = visible(By.id("me-name"));
        wait.until(ExpectedConditions.textToBePresentInElement(name, "Alice"));
        assertEquals("the initials stand in for a picture", "AA".length(), browser.findElement(By.id("me-avatar")).getText().length());
        assertEquals("AVAILABLE", new Select(browser.findElement(By.id("presence-select"))).getFirstSelectedOption()
                .getAttribute("value"));
    }

    @Test
    public void step2_presenceChosenInTheHeaderReachesTheServer() throws Exception {
        String token = login("alice", "alice-secret");
        new Select(visible(By.id("presence-select"))).selectByValue("AWAY");
        await("alice AWAY on the server", () -> presenceOf(token).equals("AWAY"));
        new Select(browser.findElement(By.id("presence-select"))).selectByValue("AVAILABLE");
        await("alice AVAILABLE on the server", () -> presenceOf(token).equals("AVAILABLE"));
        assertEquals("AVAILABLE", browser.findElement(By.id("presence-dot")).getAttribute("data-presence"));
    }

    @Test
    public void step3_callerIdDropDownOffersTheAgentsDidAndTheMainNumber() throws Exception {
        Select callerId = new Select(visible(By.id("caller-id")));
        List<String> values = callerId.getOptions().stream().map(o -> o.getAttribute("value")).toList();
        assertEquals(List.of("+15550101", "+15550100"), values);
        assertTrue(callerId.getOptions().get(0).getText(), callerId.getOptions().get(0).getText().contains("My number"));
        assertTrue("the keypad types into the number field", keypadTypes("5550"));
        assertNoHorizontalScroll("dialer");
        browser.findElement(By.id("dial-input")).clear();
        typeInto(browser.findElement(By.id("dial-input")), "");
        screenshot("dialer");
    }

    @Test
    public void step4_directorySearchFindsHanakoYamadaAndFillsTheNumber() throws Exception {
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
    public void step5_anInboundCallRingsWithTheContactTagAndRejectEndsItForAlice() throws Exception {
        String token = login("alice", "alice-secret");
        Process phone = alicesRingingPhone();
        try {
            String output = console("sb:simulate-inbound +15551230001 +15550100");
            Matcher placed = Pattern.compile("Call ([0-9a-f-]{36}) ").matcher(output);
            assertTrue(output, placed.find());
            String callId = placed.group(1);

            visible(By.id("incoming"));
            WebElement tag = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("button#incoming-contact")));
            assertEquals("Hanako Yamada", tag.getText());
            assertTrue("the caller's number, formatted", browser.findElement(By.id("incoming")).getText().contains("+1 (555) 123-0001"));
            assertFalse("Screen waits for recording", browser.findElement(By.id("screen-button")).isEnabled());
            assertEquals("Coming with recording", browser.findElement(By.id("screen-button")).getAttribute("title"));
            assertNoHorizontalScroll("incoming call");
            screenshot("incoming-call");

            browser.findElement(By.id("reject-button")).click();
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

    @Test
    public void step6_callHistoryShowsTheCallNewestFirst() throws Exception {
        visible(By.id("tab-history")).click();
        WebElement first = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#history-list li:first-child button.callback")));
        wait.until(ExpectedConditions.textToBePresentInElement(first, "+1 (555) 123-0001"));
        assertNoHorizontalScroll("history");
        screenshot("history");
        browser.findElement(By.id("tab-phone")).click();
    }

    @Test
    public void step7_settingsSavedInThePageAreReturnedByTheApi() throws Exception {
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

    @Test
    public void step8_thePageLoggedNoConsoleErrors() {
        collectConsoleErrors();
        assertEquals("console errors: " + consoleErrors, List.of(), consoleErrors);
    }

    // ---- helpers --------------------------------------------------------------------------------

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
        Object widths = ((JavascriptExecutor) browser).executeScript(
                "return [document.documentElement.scrollWidth, window.innerWidth];");
        @SuppressWarnings("unchecked")
        List<Number> w = (List<Number>) widths;
        assertEquals("viewport is the utility bar's 360 px", 360, w.get(1).intValue());
        assertTrue(screen + " scrolls sideways: content " + w.get(0) + " px in " + w.get(1) + " px",
                w.get(0).intValue() <= w.get(1).intValue());
    }

    private void screenshot(String name) throws Exception {
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

    /** Runs a console command over Karaf's SSH shell and returns what it printed. */
    private static String console(String command) throws Exception {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(CONSOLE_USER, "127.0.0.1", SSH_PORT).verify(Duration.ofSeconds(10))
                    .getSession()) {
                session.addPasswordIdentity(CONSOLE_PASSWORD);
                session.auth().verify(Duration.ofSeconds(10));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (ClientChannel channel = session.createExecChannel(command)) {
                    channel.setOut(out);
                    channel.setErr(out);
                    channel.open().verify(Duration.ofSeconds(10));
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(30));
                }
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** Alice's SIPp phone, registered with digest, ringing on an INVITE until it is cancelled. */
    private static Process alicesRingingPhone() throws Exception {
        Path scenarios = Path.of(System.getProperty("switchboard.itest.sipp", "src/test/resources/sipp"));
        int port = freePort();
        Path work = Files.createTempDirectory("softphone-it-alice-");
        Process register = sipp(scenarios.resolve("register.xml"), port, work.resolve("register"), "127.0.0.1:" + SIP_PORT);
        assertTrue("alice's phone registers: " + finish(register), register.waitFor(30, TimeUnit.SECONDS)
                && register.exitValue() == 0);
        Process ringing = sipp(scenarios.resolve("ring-cancelled.xml"), port, work.resolve("ring"));
        TimeUnit.MILLISECONDS.sleep(300); // SIPp binds its port
        return ringing;
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
