package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.header.RetryAfterHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The overload refusal on jain-sip's reader thread, over real UDP sockets: the listening socket is the one
 * the stack reads from, so what its {@code receive} returns is exactly what jain-sip would parse. Each
 * test ends with an OPTIONS as a marker: the datagram the socket hands over must be that marker (or the
 * request itself, when it is let through).
 */
class EarlyRefusalTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final AtomicLong queueDelayMillis = new AtomicLong();
    private final Admission admission = new Admission(Admission.Limits.DEFAULT, queueDelayMillis::get, () -> 0,
            new AuthFailures(10, Duration.ofSeconds(300), Clock.systemUTC()), Clock.systemUTC());
    private final RecentVerdicts verdicts = new RecentVerdicts(System::currentTimeMillis);
    private final TrunkRegistry trunks = new TrunkRegistry();
    private DatagramSocket listening;
    private RawSip carrier;
    private RawSip phone;

    @BeforeEach
    void listen() throws Exception {
        listenWith(admission);
    }

    /** A listening socket whose refusals this admission decides, a carrier at the trunk's address and a phone. */
    private void listenWith(Admission deciding) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        listening = new CompactDatagramNetworkLayer(DefaultNetworkLayer.SINGLETON,
                new EarlyRefusal(deciding, verdicts, trunks)).createDatagramSocket(0, loopback);
        listening.setSoTimeout((int) WAIT.toMillis());
        carrier = new RawSip(loopback, listening.getLocalPort());
        phone = new RawSip(loopback, listening.getLocalPort());
        new TrunkConfiguration(trunks, TestConfig.trunk(Map.of("name", "pstn", "host", "127.0.0.1", "port", 5080,
                "inbound", new String[] {carrier.local()})));
    }

    @AfterEach
    void close() {
        listening.close();
        carrier.close();
        phone.close();
    }

    private static String invite(String branch, String extraHeaders) {
        return "INVITE sip:+15550101@127.0.0.1 SIP/2.0\n"
                + "Via: SIP/2.0/UDP $LOCAL;branch=" + branch + "\n"
                + "Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKupstream, SIP/2.0/UDP 10.0.0.8;branch=z9hG4bKfirst\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:+15551230001@carrier.example>;tag=c1\n"
                + "To: <sip:+15550101@switchboard.local>\n"
                + "Call-ID: " + branch + "@carrier\n"
                + "CSeq: 1 INVITE\n"
                + "Contact: <sip:+15551230001@$LOCAL>\n"
                + extraHeaders
                + "Content-Type: application/sdp\n"
                + "Content-Length: 14\n\nv=0\r\ns=-\r\nt=0 0\r\n";
    }

    private static final String OPTIONS = "OPTIONS sip:127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP $LOCAL;branch=$BRANCH\n"
            + "From: <sip:probe@carrier.example>;tag=p\nTo: <sip:127.0.0.1>\nCall-ID: marker\nCSeq: 1 OPTIONS\n"
            + "Max-Forwards: 70\nContent-Length: 0\n\n";

    /** What the stack would get next from the listening socket. */
    private String stackReceives() throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
        listening.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
    }

    private static SIPResponse parsed(String response) throws Exception {
        return (SIPResponse) new StringMsgParser().parseSIPMessage(response.getBytes(StandardCharsets.ISO_8859_1),
                true, true, null);
    }

    @Test
    void whileBehindANewCallFromTheTrunkGets503FromItsOwnHeaderLinesAndTheStackNeverSeesIt() throws Exception {
        queueDelayMillis.set(500);

        carrier.send(invite("z9hG4bKcall1", ""));
        carrier.send(OPTIONS);

        assertThat(stackReceives()).startsWith("OPTIONS ");
        SIPResponse refusal = parsed(carrier.receive(WAIT).orElseThrow());
        assertThat(refusal.getStatusCode()).isEqualTo(503);
        assertThat(refusal.getReasonPhrase()).isEqualTo("Service Unavailable (overloaded)");
        assertThat(refusal.getViaHeaders().stream().map(via -> ((Via) via).getBranch()).toList())
                .containsExactly("z9hG4bKcall1", "z9hG4bKupstream", "z9hG4bKfirst");
        assertThat(refusal.getFrom().getTag()).isEqualTo("c1");
        assertThat(refusal.getTo().getTag()).startsWith(EarlyRefusal.TAG_PREFIX);
        assertThat(refusal.getTo().getAddress().getURI().toString()).isEqualTo("sip:+15550101@switchboard.local");
        assertThat(refusal.getCallId().getCallId()).isEqualTo("z9hG4bKcall1@carrier");
        assertThat(refusal.getCSeq().getSeqNumber()).isEqualTo(1);
        assertThat(refusal.getCSeq().getMethod()).isEqualTo("INVITE");
        assertThat(((RetryAfterHeader) refusal.getHeader(RetryAfterHeader.NAME)).getRetryAfter()).isBetween(2, 4);
        assertThat(refusal.getContentLength().getContentLength()).isZero();
        assertThat(admission.takeRefused()).isEqualTo(1);
    }

    @Test
    void theAckOfA503IsDroppedUnparsedAndARetransmissionIsRefusedAgain() throws Exception {
        queueDelayMillis.set(500);
        carrier.send(invite("z9hG4bKcall2", ""));
        carrier.send(OPTIONS);
        assertThat(stackReceives()).startsWith("OPTIONS ");
        String toTag = parsed(carrier.receive(WAIT).orElseThrow()).getTo().getTag();

        carrier.send("ACK sip:+15550101@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP $LOCAL;branch=z9hG4bKcall2\n"
                + "From: <sip:+15551230001@carrier.example>;tag=c1\n"
                + "To: <sip:+15550101@switchboard.local>;tag=" + toTag + "\n"
                + "Call-ID: z9hG4bKcall2@carrier\nCSeq: 1 ACK\nMax-Forwards: 70\nContent-Length: 0\n\n");
        queueDelayMillis.set(120); // behind for phones only: the trunk's retransmission keeps its verdict
        carrier.send(invite("z9hG4bKcall2", ""));
        carrier.send(OPTIONS);

        assertThat(stackReceives()).startsWith("OPTIONS ");
        assertThat(parsed(carrier.receive(WAIT).orElseThrow()).getStatusCode()).isEqualTo(503);
    }

    @Test
    void aRetransmissionOfAnAdmittedCallAndEveryCallWhileTheServerKeepsUpGoToTheStack() throws Exception {
        carrier.send(invite("z9hG4bKcall3", ""));
        assertThat(stackReceives()).startsWith("INVITE ").contains("branch=z9hG4bKcall3");
        verdicts.verdict("z9hG4bKcall3", () -> Admission.Verdict.ADMIT); // as the router decided on it

        queueDelayMillis.set(500);
        carrier.send(invite("z9hG4bKcall3", ""));

        assertThat(stackReceives()).startsWith("INVITE ").contains("branch=z9hG4bKcall3");
        assertThat(carrier.receive(Duration.ofMillis(300))).isEmpty();
        assertThat(admission.takeRefused()).isZero();
    }

    @Test
    void aPhonesCallWithCredentialsIsRefusedButItsFirstInviteGoesOnToBeChallenged() throws Exception {
        queueDelayMillis.set(150); // over half the 200 ms: phones are refused, trunks not yet

        phone.send(invite("z9hG4bKphone1", ""));
        assertThat(stackReceives()).startsWith("INVITE ").contains("branch=z9hG4bKphone1");

        phone.send(invite("z9hG4bKphone2", "Proxy-Authorization: Digest username=\"alice\", realm=\"x\"\n"));
        carrier.send(invite("z9hG4bKtrunk1", ""));
        assertThat(stackReceives()).startsWith("INVITE ").contains("branch=z9hG4bKtrunk1");
        assertThat(parsed(phone.receive(WAIT).orElseThrow()).getStatusCode()).isEqualTo(503);
    }

    @Test
    void overAConfiguredCallRateTheNextCallIsRefusedHereWhileTheServerKeepsUp() throws Exception {
        // a bucket of one call a second (a fifth of a second in reserve: one token) and a clock that stands still
        Admission limited = new Admission(new Admission.Limits(1, Duration.ofMillis(200), 0, 20, 2), () -> 0, () -> 0,
                new AuthFailures(10, Duration.ofSeconds(300), Clock.systemUTC()),
                Clock.fixed(java.time.Instant.now(), java.time.ZoneOffset.UTC));
        close();
        listenWith(limited);

        carrier.send(invite("z9hG4bKrate1", ""));
        carrier.send(invite("z9hG4bKrate2", ""));
        carrier.send(OPTIONS);

        assertThat(stackReceives()).startsWith("INVITE ").contains("branch=z9hG4bKrate1");
        assertThat(stackReceives()).startsWith("OPTIONS ");
        SIPResponse refusal = parsed(carrier.receive(WAIT).orElseThrow());
        assertThat(refusal.getStatusCode()).isEqualTo(503);
        assertThat(((Via) refusal.getViaHeaders().getFirst()).getBranch()).isEqualTo("z9hG4bKrate2");
    }

    @Test
    void aCallerBehindNatAskingForRportGetsIts503AtItsSourceWithReceivedAndRportFilledIn() throws Exception {
        queueDelayMillis.set(500);

        String natted = invite("z9hG4bKnat;rport", "").replaceFirst("UDP \\$LOCAL", "UDP 192.168.1.20:5060");
        carrier.send(natted);
        carrier.send(OPTIONS);

        assertThat(stackReceives()).startsWith("OPTIONS ");
        SIPResponse refusal = parsed(carrier.receive(WAIT).orElseThrow());
        assertThat(refusal.getStatusCode()).isEqualTo(503);
        Via top = refusal.getTopmostVia();
        assertThat(top.getHost()).isEqualTo("192.168.1.20");
        assertThat(top.getReceived()).isEqualTo("127.0.0.1");
        assertThat(top.getRPort()).isEqualTo(Integer.parseInt(carrier.local().replaceAll(".*:", "")));
        assertThat(refusal.getViaHeaders().stream().map(via -> ((Via) via).getBranch()).toList())
                .containsExactly("z9hG4bKnat", "z9hG4bKupstream", "z9hG4bKfirst");
        assertThat(admission.takeRefused()).isEqualTo(1);
    }

    @Test
    void whatCannotBeAnsweredStraightFromItsLinesGoesToTheStackEvenWhileBehind() throws Exception {
        queueDelayMillis.set(500);
        List<String> unusual = List.of(
                invite("z9hG4bKreceived;rport;received=10.0.0.1", ""),
                invite("z9hG4bKrportvalue;rport=5070", ""),
                invite("z9hG4bKreinvite", "").replace("switchboard.local>\n", "switchboard.local>;tag=sb1\n"),
                invite("z9hG4bKfolded", "Subject: a folded\n  header line\n"),
                invite("z9hG4bKtcp", "").replace("SIP/2.0/UDP $LOCAL", "SIP/2.0/TCP $LOCAL"),
                invite("z9hG4bKother", "").replace("SIP/2.0/UDP $LOCAL", "SIP/2.0/UDP 192.0.2.7:5080"),
                invite("z9hG4bKnocseq", "").replace("CSeq: 1 INVITE\n", ""));
        for (String request : unusual) {
            carrier.send(request);
            String branch = request.replaceAll("(?s).*?branch=(z9hG4bK\\w+).*", "$1");
            assertThat(stackReceives()).as(branch).startsWith("INVITE ").contains("branch=" + branch);
        }
        assertThat(carrier.receive(Duration.ofMillis(300))).isEmpty();
    }
}
