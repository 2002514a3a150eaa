package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.ops4j.pax.exam.ExamSystem;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.TestContainer;
import org.ops4j.pax.exam.spi.PaxExamRuntime;

/**
 * The browser softphone's phone line with real audio: headless Chromium runs the softphone page
 * (its microphone a 1000 Hz tone), a baresip phone calls (its microphone a 1500 Hz tone), and each
 * side must hear the other: the page through WebAudio on what it plays, the phone in its decode
 * dump. The distribution boots in Pax Exam's server mode, as for {@link SoftphoneIT}: Selenium and
 * baresip run in this JVM, talking to Switchboard as browsers and phones do.
 */
public class BrowserPhoneIT extends SwitchboardTestSupport {
    static final int BROWSER_TONE = 1000;
    static final int CALLER_TONE = 1500;
    static final int REFERENCE = 700;
    private static final Path SCREENSHOTS = Path.of(System.getProperty("switchboard.itest.screenshots", "target/screenshots"));

    private static final java.util.concurrent.atomic.AtomicInteger PHONES = new java.util.concurrent.atomic.AtomicInteger();
    private static final KarafShell CONSOLE = new KarafShell(SSH_PORT);
    private static TestContainer container;
    private static Path work;
    private static Path browserMic;
    private static Path callerMic;
    private static Path deskMic;
    private final List<AgentBrowser> browsers = new ArrayList<>();
    private final List<BaresipPhone> phones = new ArrayList<>();

    @BeforeClass
    public static void boot() throws Exception {
        List<Option> options = new ArrayList<>(List.of(new BrowserPhoneIT().baseConfig()));
        options.add(CONSOLE.user());
        ExamSystem system = PaxExamRuntime.createServerSystem(options.toArray(new Option[0]));
        container = PaxExamRuntime.createContainer(system);
        container.start();
        new BrowserPhoneIT().awaitHealthy();
        // not under java.io.tmpdir: baresip's sndfile truncates long paths
        work = Files.createTempDirectory(Path.of("/tmp"), "sb-webrtc-");
        browserMic = work.resolve("browser-1000hz.wav");
        callerMic = work.resolve("caller-1500hz.wav");
        Wav.writeTone(browserMic, 48000, BROWSER_TONE, 60, 0.5);
        Wav.writeTone(callerMic, 8000, CALLER_TONE, 60, 0.5);
        deskMic = work.resolve("desk-1000hz.wav"); // baresip takes 8 kHz files only
        Wav.writeTone(deskMic, 8000, BROWSER_TONE, 60, 0.5);
    }

    @AfterClass
    public static void stop() {
        if (container != null) {
            container.stop();
        }
    }

    @After
    public void closeBrowsersAndPhones() throws Exception {
        browsers.forEach(AgentBrowser::close);
        browsers.clear();
        for (BaresipPhone phone : phones) {
            try {
                phone.close();
            } catch (Exception e) {
                System.out.println("closing " + phone.user + "'s baresip: " + e);
            }
        }
        phones.clear();
        // a closed page's line waits a minute for its agent: a call left up would send the next test's to voicemail
        hangUpCallsLeftUp(login("carol", "carol-secret"));
    }

    @Test
    public void theMainNumberRingsThePageTheAgentAnswersAndBothHearEachOtherThroughHoldAndMute() throws Exception {
        AgentBrowser alice = browser("alice");
        BaresipPhone carol = registeredPhone("carol", false);

        long dialed = System.nanoTime();
        carol.command("dial", "sip:+15550100@switchboard.local");
        alice.visible(By.id("answer-button"));
        double ringMillis = (System.nanoTime() - dialed) / 1e6;
        awaitTrue("carol hears it ring (180) while only a browser rings", () -> carol.saw("CALL_RINGING"));
        String incoming = alice.visible(By.id("incoming")).getText();
        assertTrue("the incoming call shows who calls: " + incoming, incoming.toLowerCase(Locale.ROOT).contains("carol"));
        alice.screenshot(SCREENSHOTS.resolve("browser-phone-incoming.png"));
        long answered = System.nanoTime();
        alice.click(By.id("answer-button"));
        alice.visible(By.id("call-timer"));
        awaitTrue("carol's call is established", () -> carol.saw("CALL_ESTABLISHED"));
        awaitTrue("the page hears carol's tone", () -> alice.hearsTone(CALLER_TONE, REFERENCE));
        double audioMillis = (System.nanoTime() - answered) / 1e6;
        alice.screenshot(SCREENSHOTS.resolve("browser-phone-in-call.png"));

        // hold: carol hears music, and alice no longer hears carol; resume brings her back
        TimeUnit.SECONDS.sleep(2);
        long holdMark = carol.heardSamples();
        alice.click(By.id("hold-button"));
        awaitTrue("alice no longer hears the held caller", () -> !alice.hearsTone(CALLER_TONE, REFERENCE));
        TimeUnit.SECONDS.sleep(3);
        long resumeMark = carol.heardSamples();
        alice.click(By.id("hold-button"));
        awaitTrue("alice hears carol again after resume", () -> alice.hearsTone(CALLER_TONE, REFERENCE));

        // the dialpad: RFC 4733 digits reach carol's phone
        alice.click(By.id("keypad-button"));
        alice.click(By.id("dtmf-5"));
        awaitTrue("carol's phone received the digit", () -> carol.events("CALL_DTMF_START").stream()
                .anyMatch(e -> e.path("param").asText().contains("5")));

        // mute: carol stops hearing alice (checked in her recording below)
        TimeUnit.SECONDS.sleep(2);
        long muteMark = carol.heardSamples();
        alice.click(By.id("mute-button"));
        TimeUnit.SECONDS.sleep(3);
        long unmuteMark = carol.heardSamples();
        alice.click(By.id("mute-button"));
        TimeUnit.SECONDS.sleep(2);
        alice.click(By.id("hangup-button"));
        awaitTrue("carol's call closed", () -> carol.saw("CALL_CLOSED"));
        assertTrue("carol's baresip quits", carol.quit(10, TimeUnit.SECONDS));

        Wav heard = carol.heardAll();
        int rate = heard.sampleRate();
        double hold = BaresipCallControlIT.seconds(holdMark, rate);
        double resume = BaresipCallControlIT.seconds(resumeMark, rate);
        double mute = BaresipCallControlIT.seconds(muteMark, rate);
        double unmute = BaresipCallControlIT.seconds(unmuteMark, rate);
        Goertzel.ToneReport talk = tone(BaresipCallControlIT.slice(heard, 0.5, hold - 0.5));
        HoldMusicReport music = HoldMusicReport.of(BaresipCallControlIT.slice(heard, hold + 0.7, resume - 0.3), BROWSER_TONE);
        Goertzel.ToneReport muted = tone(BaresipCallControlIT.slice(heard, mute + 0.7, unmute - 0.3));
        Goertzel.ToneReport afterMute = tone(BaresipCallControlIT.slice(heard, unmute + 0.7, heard.seconds() - 0.5));
        String report = String.format(Locale.ROOT, "INVITE -> page rings %.0f ms; Answer -> page hears the caller %.0f ms%n"
                + "carol heard the browser: %s%non hold: %s%nmuted: %s%nafter unmute: %s%n", ringMillis, audioMillis,
                talk, music, muted, afterMute);
        Files.writeString(work.resolve("browser-phone-report.txt"), report, StandardCharsets.UTF_8);
        System.out.print("BrowserPhoneIT measured:\n" + report);
        assertTrue("carol heard the browser's tone before the hold:\n" + report, talk.toneSeconds() > 1);
        assertTrue("carol heard hold music, not the browser, while held (" + music.problem() + "):\n" + report,
                music.problem() == null);
        assertTrue("carol did not hear the muted browser:\n" + report, muted.toneSeconds() < 0.3);
        assertTrue("carol heard the browser again after unmute:\n" + report, afterMute.toneSeconds() > 0.8);
        assertLogged("+15550100", "ANSWERED");
    }

    /** The newcomer's path: sign in, a simulated caller rings the main number, Answer, hear the prompt. */
    @Test
    public void aNewcomerAnswersTheSimulatedCallerAndHearsItsPrompt() throws Exception {
        AgentBrowser alice = browser("alice");
        String placed = CONSOLE.run("sb:simulate-inbound +15551230001 +15550100");
        assertTrue(placed, placed.contains("ringing"));
        alice.visible(By.id("incoming-contact"));
        assertTrue("the contact tag names the caller", alice.visible(By.id("incoming")).getText().contains("Hanako Yamada"));

        alice.click(By.id("answer-button"));
        alice.visible(By.id("call-timer"));
        awaitTrue("alice hears the spoken prompt", () -> alice.hearsSpeech());
        alice.click(By.id("hangup-button"));
        alice.wait.until(org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOfElementLocated(By.id("call-timer")));
    }

    @Test
    public void aReloadedPageGetsItsCallBackWithAudioWhileTheCallerHearsMusic() throws Exception {
        AgentBrowser alice = browser("alice");
        BaresipPhone carol = registeredPhone("carol", false);
        carol.command("dial", "sip:1001@switchboard.local");
        alice.click(By.id("answer-button"));
        awaitTrue("the page hears carol", () -> alice.hearsTone(CALLER_TONE, REFERENCE));
        String callId = onlyCallOf(login("alice", "alice-secret"));

        alice.reload();
        alice.awaitPhone("open");
        alice.visible(By.id("call-timer"));

        awaitTrue("the reloaded page hears carol again", () -> alice.hearsTone(CALLER_TONE, REFERENCE));
        assertEquals("the same call goes on", callId, onlyCallOf(login("alice", "alice-secret")));
        assertTrue("carol's call never closed", !carol.saw("CALL_CLOSED"));
        alice.click(By.id("hangup-button"));
        awaitTrue("carol's call closed", () -> carol.saw("CALL_CLOSED"));
    }

    /** rest (and with it the WebSocket that carries the line's signalling) is swapped under a live call. */
    @Test
    public void theRestBundleRestartsUnderALiveBrowserCallAndTheCallGoesOnWithAudio() throws Exception {
        AgentBrowser alice = browser("alice");
        BaresipPhone carol = registeredPhone("carol", false);
        carol.command("dial", "sip:1001@switchboard.local");
        alice.click(By.id("answer-button"));
        awaitTrue("the page hears carol", () -> alice.hearsTone(CALLER_TONE, REFERENCE));

        String restarted = CONSOLE.run("bundle:restart org.switchboard.rest");
        assertTrue(restarted, !restarted.toLowerCase(Locale.ROOT).contains("error"));

        alice.awaitPhoneLeaves("open"); // the WebSocket went with rest, and the line with it
        alice.awaitPhone("open"); // the page reconnected and opened a new line
        awaitTrue("the page hears carol again after the swap", () -> alice.hearsTone(CALLER_TONE, REFERENCE));
        assertTrue("carol's call never closed", !carol.saw("CALL_CLOSED"));
        alice.click(By.id("hangup-button"));
        awaitTrue("carol's call closed", () -> carol.saw("CALL_CLOSED"));
    }

    @Test
    public void aCallOnTheAgentsSipPhoneMovesIntoTheBrowserAndTheAudioGoesOn() throws Exception {
        AgentBrowser alice = browser("alice");
        BaresipPhone desk = registeredPhone("alice", true); // alice's desk phone answers at once
        BaresipPhone carol = registeredPhone("carol", false);
        carol.command("dial", "sip:1001@switchboard.local");
        awaitTrue("alice's desk phone answered", () -> desk.saw("CALL_ESTABLISHED"));

        alice.click(By.id("switch-device-button"));

        awaitTrue("the desk phone was released", () -> desk.saw("CALL_CLOSED"));
        awaitTrue("the page hears carol after the switch", () -> alice.hearsTone(CALLER_TONE, REFERENCE));
        assertTrue("carol noticed nothing: her call goes on", !carol.saw("CALL_CLOSED"));
        alice.click(By.id("hangup-button"));
        awaitTrue("carol's call closed", () -> carol.saw("CALL_CLOSED"));
    }

    @Test
    public void aSecondTabOffersEnableCallingAndTakesThePhoneAndTheNextCallRingsThere() throws Exception {
        AgentBrowser alice = browser("alice");
        alice.newTab();
        alice.signIn("alice", "alice-secret");
        alice.awaitPhone("inactive");
        alice.screenshot(SCREENSHOTS.resolve("browser-phone-enable-calling.png"));

        alice.click(By.id("enable-calling"));
        alice.awaitPhone("open");
        alice.switchToTab(0);
        alice.awaitPhone("inactive");

        alice.switchToTab(1);
        BaresipPhone carol = registeredPhone("carol", false);
        carol.command("dial", "sip:1001@switchboard.local");
        alice.click(By.id("answer-button"));
        awaitTrue("the tab holding the phone hears carol", () -> alice.hearsTone(CALLER_TONE, REFERENCE));
        alice.click(By.id("hangup-button"));
        awaitTrue("carol's call closed", () -> carol.saw("CALL_CLOSED"));
    }

    @Test
    public void blindAndWarmTransfersBetweenTwoAgentsInTwoBrowsers() throws Exception {
        AgentBrowser alice = browser("alice");
        AgentBrowser bob = browser("bob");
        BaresipPhone carol = registeredPhone("carol", false);
        carol.command("dial", "sip:1001@switchboard.local");
        alice.click(By.id("answer-button"));
        awaitTrue("alice hears carol", () -> alice.hearsTone(CALLER_TONE, REFERENCE));

        // blind: bob's softphone rings as usual, and once he answers he hears carol
        transfer(alice, "1002", "blind");
        bob.click(By.id("answer-button"));
        awaitTrue("bob hears carol after the blind transfer", () -> bob.hearsTone(CALLER_TONE, REFERENCE));

        // warm: bob consults alice (she hears bob, not the held carol), then completes
        transfer(bob, "1001", "warm");
        alice.click(By.id("answer-button"));
        awaitTrue("alice talks to bob during the consultation",
                () -> alice.hearsTone(BROWSER_TONE, REFERENCE) && !alice.hearsTone(CALLER_TONE, REFERENCE));
        bob.screenshot(SCREENSHOTS.resolve("browser-phone-consulting.png"));
        bob.click(By.id("complete-transfer"));
        awaitTrue("alice hears carol after the warm transfer", () -> alice.hearsTone(CALLER_TONE, REFERENCE));
        assertTrue("carol's call went on through both transfers", !carol.saw("CALL_CLOSED"));
        alice.click(By.id("hangup-button"));
        awaitTrue("carol's call closed", () -> carol.saw("CALL_CLOSED"));
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** The panel's transfer: target typed in, warm or blind, then Consult / Transfer now. */
    private static void transfer(AgentBrowser agent, String target, String mode) {
        agent.click(By.id("transfer-button"));
        agent.visible(By.id("transfer-input")).sendKeys(target);
        // the radio is styled as a segmented control: the agent clicks its label
        agent.click(By.xpath("//input[@name='transfer-mode' and @value='" + mode + "']/parent::label"));
        agent.click(By.id("transfer-submit"));
    }


    private AgentBrowser browser(String agent) {
        AgentBrowser browser = AgentBrowser.open("http://127.0.0.1:" + HTTP_PORT + "/switchboard/", browserMic);
        browsers.add(browser);
        browser.signIn(agent, agent + "-secret");
        browser.awaitPhone("open");
        return browser;
    }

    private BaresipPhone registeredPhone(String agent, boolean autoAnswer) throws Exception {
        BaresipPhone phone = BaresipPhone.start(work.resolve(agent + "-" + PHONES.incrementAndGet()), agent, agent + "-secret",
                SIP_PORT, agent.equals("carol") ? callerMic : deskMic, autoAnswer, false);
        phones.add(phone);
        phone.keepHearingThroughHold(java.time.Duration.ofSeconds(90));
        awaitTrue(agent + "'s phone registered", phone::registered);
        return phone;
    }

    private static Goertzel.ToneReport tone(Wav segment) {
        return Goertzel.measure(segment, BROWSER_TONE, CALLER_TONE, REFERENCE, 0, 0.03, 20);
    }

    private String onlyCallOf(String token) throws Exception {
        JsonNode calls = get("/calls", token).body().path("items");
        assertEquals("one live call: " + calls, 1, calls.size());
        return calls.get(0).path("id").asText();
    }

    private void assertLogged(String to, String disposition) throws Exception {
        String carol = login("carol", "carol-secret");
        awaitTrue("the call's log", () -> {
            try {
                for (JsonNode log : get("/call-logs?limit=20", carol).body().path("items")) {
                    if (to.equals(log.path("to").asText()) && disposition.equals(log.path("disposition").asText())) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        try {
            await(what, condition);
        } catch (AssertionError e) {
            StringBuilder details = new StringBuilder(e.getMessage());
            for (BaresipPhone phone : phones) {
                details.append("\n--- ").append(phone.user).append(" (events: ").append(phone.eventTypes()).append(")");
            }
            for (AgentBrowser browser : browsers) {
                details.append("\n--- page (phone ").append(browser.phoneState()).append(")\n").append(browser.log());
            }
            throw new AssertionError(details.toString());
        }
    }
}
