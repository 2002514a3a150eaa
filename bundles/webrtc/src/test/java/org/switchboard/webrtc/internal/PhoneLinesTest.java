package org.switchboard.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.webrtc.internal.dtls.SrtpProfile;
import org.switchboard.webrtc.internal.sdp.BadSdpException;

/** The engine without a browser: answers, the plain socket, trickle input, timeouts and shutdown. */
class PhoneLinesTest {

    private final String offer = resource("sdp/chromium-156-offer.sdp");
    private PhoneLines lines;

    @AfterEach
    void stop() {
        if (lines != null) {
            lines.close();
        }
    }

    @Test
    void answerNamesTheSharedPortOurFingerprintAndTheLinesSsrc() throws Exception {
        lines = start(Duration.ofSeconds(15));

        PhoneLine line = lines.open(offer, (l, s, r) -> { });

        int port = lines.icePortAddress().getPort();
        assertThat(line.answer())
                .contains("m=audio " + port + " UDP/TLS/RTP/SAVPF 0 126\r\n")
                .contains(" 127.0.0.1 " + port + " typ host")
                .contains("a=fingerprint:" + lines.fingerprint().attributeValue() + "\r\n")
                .contains("a=ssrc:" + line.ssrc() + " cname:");
        assertThat(line.plainAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(line.state()).isEqualTo(LineState.CONNECTING);
        assertThat(lines.lines()).containsExactly(line);
    }

    @Test
    void everyLineSharesOnePortButHasItsOwnCredentialsAndPlainSocket() throws Exception {
        lines = start(Duration.ofSeconds(15));

        PhoneLine first = lines.open(offer, (l, s, r) -> { });
        PhoneLine second = lines.open(offer, (l, s, r) -> { });

        assertThat(ufrag(first.answer())).isNotEqualTo(ufrag(second.answer()));
        assertThat(first.plainAddress()).isNotEqualTo(second.plainAddress());
        assertThat(first.ssrc()).isNotEqualTo(second.ssrc());
    }

    @Test
    void trickledCandidatesAreCheckedAndOnesWeCannotUseAreIgnored() throws Exception {
        lines = start(Duration.ofSeconds(15));
        PhoneLine line = lines.open(offer, (l, s, r) -> { });

        line.addRemoteCandidate("candidate:1 1 udp 2122194687 127.0.0.1 41334 typ host generation 0", "0");
        line.addRemoteCandidate("candidate:2 1 udp 2122194687 abcd-1234.local 41334 typ host", "0");
        line.addRemoteCandidate("candidate:3 1 tcp 1518214911 127.0.0.1 9 typ host tcptype active", "0");
        line.addRemoteCandidate("", "0");
        line.addRemoteCandidate("candidate:4 1 udp 1 127.0.0.1 1 typ host", "other-mid");

        assertThatThrownBy(() -> line.addRemoteCandidate("candidate:garbage", "0"))
                .isInstanceOf(BadSdpException.class)
                .satisfies(e -> assertThat(((BadSdpException) e).reason()).isEqualTo("bad-candidate"));
    }

    @Test
    void aLineNobodyConnectsToFailsWithConnectTimeout() throws Exception {
        lines = start(Duration.ofSeconds(1));
        BlockingQueue<String> reasons = new LinkedBlockingQueue<>();

        PhoneLine line = lines.open(offer, (l, state, reason) -> reasons.add(state + " " + reason));

        assertThat(reasons.poll(5, TimeUnit.SECONDS)).isEqualTo("FAILED connect-timeout");
        assertThat(line.state()).isEqualTo(LineState.FAILED);
        assertThat(lines.lines()).isEmpty();
    }

    @Test
    void closingTheEngineEndsLinesStopsItsThreadsAndFreesThePort() throws Exception {
        lines = start(Duration.ofSeconds(15));
        BlockingQueue<String> reasons = new LinkedBlockingQueue<>();
        PhoneLine line = lines.open(offer, (l, state, reason) -> reasons.add(state + " " + reason));
        InetSocketAddress port = lines.icePortAddress();
        InetSocketAddress plain = line.plainAddress();

        lines.close();

        assertThat(reasons.poll()).isEqualTo("FAILED engine-stopped");
        // A pool's worker may still be on its way out when awaitTermination returns.
        String portReader = "thread for " + port.getAddress().getHostAddress() + ":" + port.getPort() + "/";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (engineThreadsAlive(portReader) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(engineThreadsAlive(portReader)).as("engine threads alive after close").isFalse();
        // Both sockets can be bound again.
        try (DatagramSocket ice = new DatagramSocket(port); DatagramSocket rtp = new DatagramSocket(plain)) {
            assertThat(ice.isBound() && rtp.isBound()).isTrue();
        }
    }

    @Test
    void aClosedLineIsNotReportedAndLeavesTheEngine() throws Exception {
        lines = start(Duration.ofSeconds(15));
        BlockingQueue<String> reasons = new LinkedBlockingQueue<>();
        PhoneLine line = lines.open(offer, (l, state, reason) -> reasons.add(state + " " + reason));

        line.close();

        assertThat(line.state()).isEqualTo(LineState.CLOSED);
        assertThat(lines.lines()).isEmpty();
        assertThat(reasons).isEmpty();
    }

    @Test
    void theIcePortNeedsAnAddressBrowsersCanReach() {
        assertThatThrownBy(() -> new LineSettings(new InetSocketAddress("0.0.0.0", 10000), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concrete bind address");
    }

    private static boolean engineThreadsAlive(String portReader) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .anyMatch(t -> t.getName().startsWith("switchboard-webrtc") || t.getName().contains(portReader));
    }

    private static PhoneLines start(Duration connectTimeout) throws IOException {
        return new PhoneLines(new LineSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Duration.ofSeconds(30), connectTimeout, List.of(SrtpProfile.values()), Clock.systemUTC()));
    }

    private static String ufrag(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("a=ice-ufrag:")).findFirst().orElseThrow();
    }

    private static String resource(String name) {
        try (InputStream in = PhoneLinesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", "\r\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
