package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.testing.MutableClock;

/**
 * Admission on the real jain-sip stack (registrar only: what is admitted gets its 407/501/481, which
 * tells it apart from a refusal), driven by hand-written SIP over UDP with the clock standing
 * still (so the call-rate bucket never refills): what a refused caller sees on the wire, that requests
 * inside a dialog are never refused, and an INVITE flood that ends in silence.
 */
class AdmissionStackTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final MutableClock clock = new MutableClock(Instant.now());
    private final TrunkRegistry trunks = new TrunkRegistry();
    private SipServer server;
    private RawSip carrier;
    private int port;

    private void start(Map<String, Object> config) throws Exception {
        port = TestConfig.freePort();
        carrier = new RawSip(InetAddress.getLoopbackAddress(), port);
        server = new SipServer(SipSettings.from(TestConfig.sip(withPort(config))), new InMemoryRegistrations(),
                FakeCredentials.demo(), trunks, clock);
    }

    private Map<String, Object> withPort(Map<String, Object> config) {
        java.util.HashMap<String, Object> all = new java.util.HashMap<>(config);
        all.put("port", port);
        return all;
    }

    @AfterEach
    void stop() {
        if (carrier != null) {
            carrier.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private String invite(String callId, String toTag, String authorization) {
        return "INVITE sip:+15550101@127.0.0.1:" + port + " SIP/2.0\n"
                + "Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:+15551230001@carrier.example>;tag=c1\n"
                + "To: <sip:+15550101@switchboard.local>" + (toTag == null ? "" : ";tag=" + toTag) + "\n"
                + "Call-ID: " + callId + "\n"
                + "CSeq: 1 INVITE\n"
                + "Contact: <sip:+15551230001@$LOCAL>\n"
                + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\n")
                + "Content-Length: 0\n\n";
    }

    private String bye(String callId) {
        return "BYE sip:switchboard@127.0.0.1:" + port + " SIP/2.0\n"
                + "Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:+15551230001@carrier.example>;tag=c1\n"
                + "To: <sip:+15550101@switchboard.local>;tag=sb1\n"
                + "Call-ID: " + callId + "\n"
                + "CSeq: 2 BYE\n"
                + "Content-Length: 0\n\n";
    }

    private String exchange(String message) throws Exception {
        carrier.send(message);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("Call-ID: (\\S+)").matcher(message);
        String callId = id.find() ? id.group(1) : "";
        return answerTo(callId, WAIT).orElseThrow(() -> new AssertionError("no response to\n" + message));
    }

    /** The next response for this call; earlier calls' retransmitted 407s (we never ACK them) are skipped. */
    private Optional<String> answerTo(String callId, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> received = carrier.receive(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (received.isPresent() && received.get().contains("Call-ID: " + callId + "\r\n")) {
                return received;
            }
        }
        return Optional.empty();
    }

    private void trunkAtTheCarrier() {
        new TrunkConfiguration(trunks, TestConfig.trunk(Map.of("name", "pstn", "host", "127.0.0.1", "port", 5080,
                "inbound", new String[] {carrier.local()})));
    }

    @Test
    void aNewCallOverTheRateGets503WithRetryAfterAndAToTagWhileInDialogRequestsStillPass() throws Exception {
        start(Map.of("maxCallsPerSecond", 1));
        trunkAtTheCarrier();

        String first = exchange(invite("call-1", null, null));
        String second = exchange(invite("call-2", null, null));

        assertThat(RawSip.status(first)).as(first).isNotEqualTo(503);
        assertThat(RawSip.status(second)).as(second).isEqualTo(503);
        assertThat(second).contains("Service Unavailable (overloaded)").contains("Call-ID: call-2");
        int retryAfter = Integer.parseInt(SipText.headers(second, "Retry-After").get(0).trim());
        assertThat(retryAfter).isBetween(2, 4);
        assertThat(SipText.headers(second, "To").get(0)).contains(";tag=" + EarlyRefusal.TAG_PREFIX); // its ACK is dropped unparsed

        // with the bucket still empty: a BYE and a re-INVITE belong to calls taken on and are never refused
        assertThat(RawSip.status(exchange(bye("call-9")))).isEqualTo(481);
        assertThat(RawSip.status(exchange(invite("call-9", "sb1", null)))).isNotEqualTo(503);
    }

    @Test
    void aFloodOfInvitesWithoutCredentialsIsChallengedThenMetWithSilence() throws Exception {
        start(Map.of("maxUnauthenticatedInvitesPerSecond", 3));

        for (int i = 0; i < 3; i++) {
            assertThat(RawSip.status(exchange(invite("scan-" + i, null, null)))).isEqualTo(407);
        }
        carrier.send(invite("scan-3", null, null));
        assertThat(answerTo("scan-3", Duration.ofMillis(500))).isEmpty();

        carrier.send(invite("scan-4", null, null));
        assertThat(answerTo("scan-4", Duration.ofMillis(500))).as("the address is blocked now").isEmpty();
        assertThat(server.isBlocked(InetAddress.getLoopbackAddress())).isTrue();
    }
}
