package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.ops4j.pax.exam.ExamSystem;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.TestContainer;
import org.ops4j.pax.exam.spi.PaxExamRuntime;

/**
 * The local CRM's own pages in headless Chromium against the real distribution (server mode, as
 * {@link SoftphoneIT}): sign in on a deep link, Hanako Yamada's contact page, and a call logged by
 * the local connector showing up on her timeline and on its task page with the agent's notes.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class CrmPagesIT extends SwitchboardTestSupport {
    private static final KarafShell CONSOLE = new KarafShell(SSH_PORT);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("switchboard.itest.screenshots", "target/screenshots"));
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The demo data's fixed id (a name-based UUID, crm-local's DemoData). */
    private static final String HANAKO = java.util.UUID.nameUUIDFromBytes(
            "switchboard-demo/contact/hanako-yamada".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();

    private static TestContainer container;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static String taskUrl;
    private static final List<String> consoleErrors = new ArrayList<>();

    @BeforeClass
    public static void bootAndOpenTheBrowser() throws Exception {
        List<Option> options = new ArrayList<>(List.of(new CrmPagesIT().baseConfig()));
        options.add(CONSOLE.user());
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "digestAlgorithms", "MD5"));
        ExamSystem system = PaxExamRuntime.createServerSystem(options.toArray(new Option[0]));
        container = PaxExamRuntime.createContainer(system);
        container.start();
        new CrmPagesIT().awaitHealthy();

        File chromedriver = new File("/usr/bin/chromedriver");
        File chromium = new File("/usr/bin/chromium");
        if (!chromedriver.canExecute() || !chromium.canExecute()) {
            throw new AssertionError("install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        }
        ChromeOptions chrome = new ChromeOptions();
        chrome.setBinary(chromium);
        chrome.addArguments("--headless=new", "--no-sandbox", "--window-size=1280,800", "--disable-gpu",
                "--disable-dev-shm-usage", "--lang=en-US");
        chrome.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build(), chrome);
        viewport(1280);
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

    private static String base() {
        return "http://127.0.0.1:" + HTTP_PORT + "/switchboard/crm";
    }

    @Test
    public void step01_theJsonNeedsAnAgentsTokenAndAnswers404ForWhatDoesNotExist() throws Exception {
        assertEquals(401, raw("/switchboard/crm/api/contact/" + HANAKO, null).statusCode());
        assertTrue(raw("/switchboard/crm/api/contact/" + HANAKO, "not-a-token").body().contains("\"error\":\"unauthorized\""));
        String token = login("alice", "alice-secret");
        var hanako = raw("/switchboard/crm/api/contact/" + HANAKO, token);
        assertEquals(200, hanako.statusCode());
        assertEquals("Hanako Yamada", JSON.readTree(hanako.body()).path("name").asText());
        assertEquals(404, raw("/switchboard/crm/api/contact/" + java.util.UUID.randomUUID(), token).statusCode());
        assertEquals(404, raw("/switchboard/crm/api/contact/robert'); DROP TABLE", token).statusCode());
        // the softphone keeps /switchboard/, the CRM pages the longer /switchboard/crm/
        assertEquals(200, raw("/switchboard/", null).statusCode());
        assertTrue(raw("/switchboard/crm/", null).body().contains("Switchboard CRM"));
    }

    @Test
    public void step02_aDeepLinkAsksToSignInThenShowsHanakoWithHerOpenCaseAndOpportunity() throws Exception {
        browser.get(base() + "/contact/" + HANAKO);
        visible(By.id("login-username")).sendKeys("alice");
        browser.findElement(By.id("login-password")).sendKeys("alice-secret");
        screenshot("crm-login-1280");
        browser.findElement(By.id("login-submit")).click();

        wait.until(ExpectedConditions.textToBe(By.id("record-title"), "Hanako Yamada"));
        assertEquals("the token is kept where the softphone keeps it", true, ((JavascriptExecutor) browser)
                .executeScript("return !!sessionStorage.getItem('switchboard.token')"));
        assertEquals("Acme Corp", browser.findElement(By.id("contact-account")).getText());
        assertTrue(browser.findElement(By.id("contact-phones")).getText().contains("+1 (555) 123-0001"));
        assertTrue(listText("open-cases").contains("Router keeps rebooting"));
        assertTrue(listText("open-opportunities").contains("Acme fiber upgrade"));
        screenshot("crm-contact-1280");
    }

    /** A call logged by the local connector: simulated inbound, answered on alice's SIPp phone, hung up, notes put. */
    @Test
    public void step03_aLoggedCallIsOnHerTimelineAndItsTaskPageShowsTheNotes() throws Exception {
        String token = login("alice", "alice-secret");
        Process phone = SipPhones.alice("answer.xml");
        String callId;
        try {
            String output = CONSOLE.run("sb:simulate-inbound +15551230001 +15550101");
            Matcher placed = Pattern.compile("Call ([0-9a-f-]{36}) ").matcher(output);
            assertTrue(output, placed.find());
            callId = placed.group(1);
            await("the call answered", () -> "ACTIVE".equals(field("/calls/" + callId, token, "state")));
            assertEquals(200, post("/calls/" + callId + "/hangup", token, "").status());
            assertTrue("alice's phone got the BYE", phone.waitFor(20, TimeUnit.SECONDS));
        } finally {
            phone.destroy();
        }
        String notes = "Router fixed after a firmware rollback; call back Friday.";
        await("the call log written", () -> statusOf("/call-logs/" + callId, token) == 200);
        Answer saved = put("/call-logs/" + callId, token, JSON.writeValueAsString(Map.of(
                "subject", "Router follow-up", "notes", notes, "contactId", HANAKO)));
        assertEquals(saved.body().toString(), 200, saved.status());
        String[] task = new String[1];
        await("the Task with the notes in the local CRM", () -> {
            try {
                JsonNode hanako = JSON.readTree(raw("/switchboard/crm/api/contact/" + HANAKO, token).body());
                for (JsonNode activity : hanako.path("activities")) {
                    if ("Router follow-up".equals(activity.path("subject").asText())) {
                        JsonNode full = JSON.readTree(raw("/switchboard/crm/api/task/" + activity.path("id").asText(), token).body());
                        if (notes.equals(full.path("notes").asText())) {
                            task[0] = activity.path("url").asText();
                        }
                    }
                }
                return task[0] != null;
            } catch (Exception e) {
                return false;
            }
        });
        taskUrl = task[0];

        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("activity-list"), "Router follow-up"));
        screenshot("crm-contact-with-call-1280");
        browser.findElement(By.linkText("Router follow-up")).click();
        wait.until(ExpectedConditions.textToBe(By.id("record-title"), "Router follow-up"));
        assertEquals(notes, browser.findElement(By.id("task-notes")).getText());
        assertEquals("Hanako Yamada", browser.findElement(By.id("task-who")).getText());
        assertEquals("Inbound", browser.findElement(By.id("task-call-type")).getText());
        assertTrue(browser.getCurrentUrl().endsWith(taskUrl));
        screenshot("crm-task-1280");
    }

    @Test
    public void step04_everyPageFitsAFullTabAndANarrowWindow() throws Exception {
        String token = login("alice", "alice-secret");
        JsonNode hanako = JSON.readTree(raw("/switchboard/crm/api/contact/" + HANAKO, token).body());
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("home", "/");
        pages.put("search", "/?q=sato");
        pages.put("contact", "/contact/" + HANAKO);
        pages.put("account", hanako.path("account").path("url").asText().substring("/switchboard/crm".length()));
        pages.put("case", hanako.path("cases").get(0).path("url").asText().substring("/switchboard/crm".length()));
        pages.put("opportunity", hanako.path("opportunities").get(0).path("url").asText().substring("/switchboard/crm".length()));
        pages.put("task", taskUrl.substring("/switchboard/crm".length()));
        for (int width : new int[] {1280, 400}) {
            viewport(width);
            for (Map.Entry<String, String> page : pages.entrySet()) {
                browser.get(base() + page.getValue());
                wait.until(d -> !"boot".equals(d.findElement(By.id("app")).getAttribute("data-view"))
                        && d.findElements(By.cssSelector(".loading")).isEmpty());
                assertEquals(page.getKey(), 0, browser.findElements(By.cssSelector(".notice")).size());
                Object scroll = ((JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - window.innerWidth");
                // a vertical scroll bar makes the content narrower than the window: only wider is wrong
                assertTrue(page.getKey() + " at " + width + " px scrolls sideways by " + scroll + " px",
                        ((Number) scroll).longValue() <= 0);
                screenshot("crm-" + page.getKey() + "-" + width);
            }
        }
        viewport(1280);
        browser.get(base() + "/contact/" + java.util.UUID.randomUUID());
        wait.until(ExpectedConditions.textToBe(By.id("record-title"), "No such contact"));
        screenshot("crm-not-found-1280");
        assertTrue(browser.findElement(By.id("search-input")).isDisplayed());
    }

    @Test
    public void step05_thePagesLoggedNoConsoleErrors() {
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            // the deliberate 404 of step04 is logged by Chromium itself
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !entry.getMessage().contains("404")) {
                consoleErrors.add(entry.getMessage());
            }
        }
        assertEquals("console errors: " + consoleErrors, List.of(), consoleErrors);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static void viewport(int width) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 800, "deviceScaleFactor", 1, "mobile", false));
    }

    private String listText(String list) {
        return visible(By.cssSelector("[data-list='" + list + "']")).getText();
    }

    private static WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private String field(String path, String token, String name) {
        try {
            return get(path, token).body().path(name).asText();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** A GET outside /api/v1 with an optional bearer token. */
    private java.net.http.HttpResponse<String> raw(String path, String token) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + HTTP_PORT
                + path.replace(" ", "%20").replace("'", "%27").replace(";", "%3B").replace(")", "%29")));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Alice's SIPp desk phone, as SoftphoneIT drives it. */
    private static final class SipPhones {
        static Process alice(String scenario) throws Exception {
            Path scenarios = Path.of(System.getProperty("switchboard.itest.sipp", "src/test/resources/sipp"));
            int port = freePort();
            Path work = Files.createTempDirectory("crm-pages-it-phone-");
            Process register = sipp(scenarios.resolve("register.xml"), port, work.resolve("register"), "127.0.0.1:" + SIP_PORT);
            assertTrue("alice's phone registered", register.waitFor(30, TimeUnit.SECONDS) && register.exitValue() == 0);
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
    }
}
