package org.switchboard.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.switchboard.webrtc.internal.dtls.SrtpProfile;
import org.switchboard.webrtc.internal.sdp.BadSdpException;

import com.sun.net.httpserver.HttpServer;

/**
 * A real headless Chromium holds a phone line: its fake microphone plays a 1000 Hz tone, the
 * test plays the media relay on the plain side. Measured numbers go to
 * {@code target/browser-test-measurements.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhoneLineBrowserTest {

    private static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(4);
    private static final Path TARGET = Path.of("target");

    private record Event(LineState state, String reason, long nanos) { }

    private record Call(PhoneLine line, BlockingQueue<Event> events, long startNanos) { }

    private PhoneLines lines;
    private HttpServer http;
    private ChromeDriver chrome;
    private String pageUrl;
    private final List<String> measurements = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        Path wav = Audio.writeWav(TARGET.resolve("tone-1000hz.wav").toAbsolutePath(),
                Audio.tone(1000, 48000, 48000 * 5, 0.5, 0), 48000);

        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page;
        try (InputStream in = getClass().getResourceAsStream("phone.html")) {
            page = in.readAllBytes();
        }
        http.createContext("/phone.html", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        http.start();
        pageUrl = "http://127.0.0.1:" + http.getAddress().getPort() + "/phone.html";

        lines = new PhoneLines(new LineSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                CONSENT_TIMEOUT, Duration.ofSeconds(15), List.of(SrtpProfile.values()), Clock.systemUTC()));

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + wav, "--allow-loopback-in-peer-connection",
                "--autoplay-policy=no-user-gesture-required",
                "--disable-features=WebRtcHideLocalIpsWithMdns");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort()
                .build();
        chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    void stop() throws IOException {
        try {
            if (chrome != null) {
                chrome.quit();
            }
        } finally {
            if (http != null) {
                http.stop(0);
            }
            if (lines != null) {
                lines.close();
            }
            Files.createDirectories(TARGET);
            measurements.forEach(m -> System.out.println("measured: " + m));
            Files.writeString(TARGET.resolve("browser-test-measurements.txt"),
                    String.join("\n", measurements) + "\n", StandardCharsets.UTF_8);
        }
    }

    @Test
    @Order(1)
    void browserAndPeersHearEachOtherAndAPeerChangeNeedsNoRenegotiation() throws Exception {
        try (RtpPeer first = new RtpPeer(); RtpPeer second = new RtpPeer()) {
            Call call = connect(false);
            PhoneLine line = call.line();
            line.peer(first.address());

            Event connected = call.events().poll(10, TimeUnit.SECONDS);
            assertThat(connected).isNotNull();
            assertThat(connected.state()).isEqualTo(LineState.CONNECTED);
            measurements.add(String.format("handshake (answer to DTLS-SRTP up): %d ms",
                    (connected.nanos() - call.startNanos()) / 1_000_000));

            // (a) The browser's microphone (1000 Hz) arrives on the plain side as G.711.
            List<RtpPeer.Received> fromBrowser = first.receive(100, 3000);
            long firstAudio = line.stats().firstAudioTime().map(Duration::toMillis).orElse(-1L);
            measurements.add("first RTP from the browser after the answer: " + firstAudio + " ms");
            assertThat(fromBrowser).hasSizeGreaterThanOrEqualTo(100);
            short[] pcm = decode(fromBrowser.subList(50, 100));
            double tone = Audio.power(pcm, 8000, 1000);
            double strongestOther = Arrays.stream(new double[] {300, 440, 660, 800, 1200, 1500, 2000, 3000})
                    .map(hz -> Audio.power(pcm, 8000, hz)).max().orElseThrow();
            measurements.add(String.format("browser -> plain: payload type %d, 1000 Hz is %.1f dB above the "
                    + "strongest other probe", fromBrowser.get(0).payloadType(),
                    10 * Math.log10(tone / strongestOther)));
            assertThat(fromBrowser.get(0).payloadType()).isEqualTo(0);
            assertThat(tone).isGreaterThan(100 * strongestOther);

            // (b) What the relay sends to the plain side (440 Hz) plays in the browser.
            long beforeFirst = System.nanoTime();
            first.sendTone(line.plainAddress(), 440, 0x11111111L, 1000, 50_000);
            Map<String, Object> heard = awaitHearing(hz -> Math.abs(hz - 440) < 15);
            measurements.add(String.format("plain -> browser: page hears %.0f Hz at %.0f dB after %d ms",
                    number(heard.get("hz")), number(heard.get("db")), (System.nanoTime() - beforeFirst) / 1_000_000));

            // (c) Another call's endpoint (660 Hz, other SSRC and number bases) replaces it, no renegotiation.
            long beforeSwitch = System.nanoTime();
            second.sendTone(line.plainAddress(), 660, 0x22222222L, 40_000, 3_000_000_000L);
            line.peer(second.address());
            heard = awaitHearing(hz -> Math.abs(hz - 660) < 15);
            measurements.add(String.format("after the peer change: page hears %.0f Hz at %.0f dB after %d ms",
                    number(heard.get("hz")), number(heard.get("db")), (System.nanoTime() - beforeSwitch) / 1_000_000));
            first.stopSending();
            // The browser's audio follows the peer change too.
            assertThat(second.receive(10, 2000)).hasSize(10);

            Map<String, Object> stats = stats();
            measurements.add("browser transport: " + stats);
            measurements.add("line counters: " + line.stats());
            assertThat(stats.get("dtlsState")).isEqualTo("connected");
            assertThat(stats.get("tlsVersion")).isEqualTo("FEFD");
            line.close();
        }
    }

    @Test
    @Order(2)
    void anOfferWhoseFingerprintWasAlteredFailsTheLineAndCarriesNoAudio() throws Exception {
        try (RtpPeer peer = new RtpPeer()) {
            Call call = connect(true);
            call.line().peer(peer.address());
            Event event = call.events().poll(10, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.state()).isEqualTo(LineState.FAILED);
            assertThat(event.reason()).isEqualTo("fingerprint-mismatch");
            measurements.add(String.format("altered fingerprint: line failed with %s after %d ms", event.reason(),
                    (event.nanos() - call.startNanos()) / 1_000_000));
            assertThat(peer.receive(1, 1000)).isEmpty();
            assertThat(call.line().stats().rtpFromBrowser()).isZero();
            assertThat(call.line().state()).isEqualTo(LineState.FAILED);
        }
    }

    @Test
    @Order(3)
    void aClosedPageIsReportedDeadWithinTheConsentTimeout() throws Exception {
        // This engine accepts only AES-CM with HMAC-SHA1-80, so the browser's audio proves that profile too.
        try (PhoneLines cmOnly = new PhoneLines(new LineSettings(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), CONSENT_TIMEOUT, Duration.ofSeconds(15),
                List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80), Clock.systemUTC()))) {
            aClosedPageIsReportedDeadWithinTheConsentTimeout(cmOnly);
        }
    }

    private void aClosedPageIsReportedDeadWithinTheConsentTimeout(PhoneLines engine) throws Exception {
        Call call = connect(engine, false);
        Event connected = call.events().poll(10, TimeUnit.SECONDS);
        assertThat(connected).isNotNull();
        assertThat(connected.state()).isEqualTo(LineState.CONNECTED);
        Thread.sleep(500);
        assertThat(stats().get("srtpCipher")).isEqualTo("SRTP_AES128_CM_HMAC_SHA1_80");
        assertThat(call.line().stats().srtpProfile()).contains("AES128_CM_HMAC_SHA1_80");
        assertThat(call.line().stats().rtpFromBrowser()).isPositive();
        try (RtpPeer peer = new RtpPeer()) {
            call.line().peer(peer.address());
            peer.sendTone(call.line().plainAddress(), 440, 0x33333333L, 0, 0);
            awaitHearing(hz -> Math.abs(hz - 440) < 15);
            measurements.add("SRTP_AES128_CM_HMAC_SHA1_80 line: both directions carry audio");
        }

        long closedAt = System.nanoTime();
        chrome.get("about:blank");
        Event dead = call.events().poll(CONSENT_TIMEOUT.toSeconds() + 3, TimeUnit.SECONDS);
        assertThat(dead).isNotNull();
        assertThat(dead.state()).isEqualTo(LineState.FAILED);
        long millis = (dead.nanos() - closedAt) / 1_000_000;
        measurements.add(String.format("page closed: line reported %s after %d ms (consent timeout %d s)",
                dead.reason(), millis, CONSENT_TIMEOUT.toSeconds()));
        assertThat(dead.reason()).isIn("consent-lost", "dtls-closed");
        assertThat(millis).isLessThan(CONSENT_TIMEOUT.toMillis() + 1500);
        assertThat(engine.lines()).doesNotContain(call.line());
    }

    @Test
    @Order(4)
    void aPeerConnectionClosedByThePageEndsTheLineAtOnce() throws Exception {
        Call call = connect(false);
        Event connected = call.events().poll(10, TimeUnit.SECONDS);
        assertThat(connected).isNotNull();
        assertThat(connected.state()).isEqualTo(LineState.CONNECTED);

        long closedAt = System.nanoTime();
        js().executeScript("window.hangUp();");
        Event dead = call.events().poll(CONSENT_TIMEOUT.toSeconds() + 3, TimeUnit.SECONDS);
        assertThat(dead).isNotNull();
        long millis = (dead.nanos() - closedAt) / 1_000_000;
        measurements.add(String.format("pc.close() in the page: line reported %s after %d ms", dead.reason(), millis));
        assertThat(dead.state()).isEqualTo(LineState.FAILED);
        assertThat(dead.reason()).isEqualTo("dtls-closed");
        assertThat(millis).isLessThan(1000);
    }

    @Test
    @Order(5)
    void twoBrowsersShareTheOnePortAndEachHearsOnlyItsOwnCall() throws Exception {
        try (RtpPeer firstCall = new RtpPeer(); RtpPeer secondCall = new RtpPeer()) {
            String firstTab = chrome.getWindowHandle();
            Call first = connect(false);
            chrome.switchTo().newWindow(WindowType.TAB);
            String secondTab = chrome.getWindowHandle();
            Call second = connect(false);
            assertThat(first.events().poll(10, TimeUnit.SECONDS).state()).isEqualTo(LineState.CONNECTED);
            assertThat(second.events().poll(10, TimeUnit.SECONDS).state()).isEqualTo(LineState.CONNECTED);

            first.line().peer(firstCall.address());
            second.line().peer(secondCall.address());
            firstCall.sendTone(first.line().plainAddress(), 440, 0x44444444L, 0, 0);
            secondCall.sendTone(second.line().plainAddress(), 660, 0x55555555L, 0, 0);

            awaitHearing(hz -> Math.abs(hz - 660) < 15);
            chrome.switchTo().window(firstTab);
            awaitHearing(hz -> Math.abs(hz - 440) < 15);
            assertThat(firstCall.receive(10, 2000)).hasSize(10);
            assertThat(secondCall.receive(10, 2000)).hasSize(10);
            measurements.add("two tabs on one ICE port: each hears its own call (440 / 660 Hz), both send to theirs");

            first.line().close();
            second.line().close();
            chrome.switchTo().window(secondTab).close();
            chrome.switchTo().window(firstTab);
        }
    }

    // --- helpers

    private Call connect(boolean alterFingerprint) throws IOException, BadSdpException {
        return connect(lines, alterFingerprint);
    }

    private Call connect(PhoneLines engine, boolean alterFingerprint) throws IOException, BadSdpException {
        chrome.get(pageUrl);
        @SuppressWarnings("unchecked")
        Map<String, Object> offer = (Map<String, Object>) js().executeAsyncScript(
                "window.makeOffer(arguments[arguments.length - 1]);");
        assertThat(offer).doesNotContainKey("error");
        String sdp = (String) offer.get("sdp");
        Files.writeString(TARGET.resolve("chromium-offer.sdp"), sdp);
        // Candidates go the trickle way, as the signalling will send them.
        List<String> candidates = sdp.lines().filter(l -> l.startsWith("a=candidate:"))
                .map(l -> l.substring(2)).collect(Collectors.toList());
        String withoutCandidates = sdp.lines().filter(l -> !l.startsWith("a=candidate:"))
                .collect(Collectors.joining("\r\n", "", "\r\n"));
        if (alterFingerprint) {
            withoutCandidates = alterFingerprint(withoutCandidates);
        }
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        long start = System.nanoTime();
        PhoneLine line = engine.open(withoutCandidates,
                (l, state, reason) -> events.add(new Event(state, reason, System.nanoTime())));
        String mid = sdp.lines().filter(l -> l.startsWith("a=mid:")).findFirst().orElseThrow().substring(6);
        for (String candidate : candidates) {
            line.addRemoteCandidate(candidate, mid);
        }
        Object accepted = js().executeAsyncScript(
                "window.acceptAnswer(arguments[0], arguments[arguments.length - 1]);", line.answer());
        assertThat(accepted).isEqualTo("ok");
        return new Call(line, events, start);
    }

    private static String alterFingerprint(String sdp) {
        int at = sdp.indexOf("a=fingerprint:sha-256 ") + "a=fingerprint:sha-256 ".length();
        char c = sdp.charAt(at);
        return sdp.substring(0, at) + (c == 'A' ? 'B' : 'A') + sdp.substring(at + 1);
    }

    private Map<String, Object> awaitHearing(Predicate<Double> expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        Map<String, Object> last = null;
        while (System.nanoTime() < deadline) {
            @SuppressWarnings("unchecked")
            Map<String, Object> heard = (Map<String, Object>) js().executeScript("return window.hearing();");
            last = heard;
            if (heard != null && number(heard.get("db")) > -70 && expected.test(number(heard.get("hz")))) {
                return heard;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page did not hear the expected tone; last heard " + last);
    }

    private Map<String, Object> stats() {
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) js().executeAsyncScript(
                "window.transportStats(arguments[arguments.length - 1]);");
        return stats;
    }

    private JavascriptExecutor js() {
        return chrome;
    }

    /** WebDriver turns the analyser's -Infinity (silence) into null. */
    private static double number(Object value) {
        return value == null ? Double.NEGATIVE_INFINITY : ((Number) value).doubleValue();
    }

    private static short[] decode(List<RtpPeer.Received> packets) {
        int total = packets.stream().mapToInt(p -> p.payload().length).sum();
        short[] pcm = new short[total];
        int i = 0;
        for (RtpPeer.Received packet : packets) {
            for (byte b : packet.payload()) {
                pcm[i++] = packet.payloadType() == 8 ? Audio.alawToLinear(b) : Audio.ulawToLinear(b);
            }
        }
        return pcm;
    }
}
