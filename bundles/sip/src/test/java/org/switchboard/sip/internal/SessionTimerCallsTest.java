package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.Role;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.Route;
import org.switchboard.api.registration.Registration;

/**
 * RFC 4028 session timers on the real stack, between SIPp phones and the real call state machine: the
 * caller's interval and refreshes are honoured, a leg that stops refreshing ends the call with
 * {@link EndReason#SESSION_EXPIRED} (BYE to both), and we refresh legs whose peer does not. Our Min-SE
 * is lowered to 2 s so that sessions expire within seconds.
 */
class SessionTimerCallsTest {
    private static final Agent BOB = new Agent(FakeCredentials.BOB, "bob", "Bob Brown", "1002", Optional.empty(),
            Role.AGENT, true);

    private final InMemoryRegistrations registrations = new InMemoryRegistrations();
    private final TrunkRegistry trunks = new TrunkRegistry();
    private final FakeMediaService media = new FakeMediaService();
    private final RealCore core = new RealCore(media);
    private final CallServices services = new CallServices();
    private int port;
    private SipServer server;

    @BeforeEach
    void start() {
        Sipp.requireInstalled();
        port = TestConfig.freePort();
        services.set(core.calls);
        services.set(media);
        services.set(new NumberPlan() {
            @Override
            public Route route(String dialed) {
                return "1002".equals(dialed) || "+15550102".equals(dialed) ? new Route.ToAgent(BOB)
                        : new Route.Unroutable("no such number " + dialed);
            }

            @Override
            public List<E164> callerIdsFor(UUID agentId) {
                return List.of();
            }
        });
    }

    private void startServer(int sessionExpiresSeconds) {
        Map<String, Object> config = new HashMap<>(Map.of("port", port, "digestAlgorithms", "MD5", "b2bua", true,
                "minSessionExpiresSeconds", 2, "sessionExpiresSeconds", sessionExpiresSeconds));
        server = new SipServer(SipSettings.from(TestConfig.sip(config)), registrations, FakeCredentials.demo(), trunks,
                services, java.time.Clock.systemUTC());
        core.drivenBy(server.b2bua().orElseThrow());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        core.stop();
    }

    @Test
    void aCallerRefreshingByUpdateAndReinviteKeepsItsCallLongerThanOneSession(@TempDir Path work) throws Exception {
        startServer(1800);

        aliceCallsBob(work, "answer.xml", "call-timer-refreshing.xml");

        assertThat(awaitEnded().endReason()).contains(EndReason.CALLER_HANGUP);
    }

    @Test
    void aCallerThatStopsRefreshingIsHungUpOnBothLegsAsSessionExpired(@TempDir Path work) throws Exception {
        startServer(1800);

        aliceCallsBob(work, "answer.xml", "call-timer-silent.xml");

        Call call = awaitEnded();
        assertThat(call.endReason()).contains(EndReason.SESSION_EXPIRED);
        assertThat(Duration.between(call.answeredAt().orElseThrow(), call.endedAt().orElseThrow()))
                .isLessThan(Duration.ofSeconds(3)); // 3 s session: BYE a third of it (1 s) before it expires
    }

    @Test
    void aCalleeThatPromisedToRefreshAndDoesNotIsHungUpOnBothLegs(@TempDir Path work) throws Exception {
        startServer(1800);

        aliceCallsBob(work, "answer-timer-uas.xml", "call-until-bye.xml");

        assertThat(awaitEnded().endReason()).contains(EndReason.SESSION_EXPIRED);
    }

    @Test
    void weRefreshCallerAndCalleeWhenTheyDoNotSupportTimersUpdateWhereAllowedElseReinvite(@TempDir Path work)
            throws Exception {
        startServer(4);

        aliceCallsBob(work, "answer-refreshed.xml", "call-refreshed-by-us.xml");

        assertThat(awaitEnded().endReason()).contains(EndReason.CALLER_HANGUP);
    }

    @Test
    void anIntervalBelowOurMinSeIsRefusedWith422NamingIt() throws Exception {
        startServer(1800);
        new TrunkConfiguration(trunks, TestConfig.trunk(Map.of("name", "pstn", "host", "127.0.0.3", "port", 5080)));
        try (RawSip carrier = new RawSip(InetAddress.getByName("127.0.0.3"), port)) {
            carrier.send(invite("+15550102", "Supported: timer\nSession-Expires: 1"));
            String response = carrier.receive(Duration.ofSeconds(10)).orElseThrow();

            assertThat(response).startsWith("SIP/2.0 422").contains("Min-SE: 2");
        }
        assertThat(core.all()).isEmpty();
    }

    private void aliceCallsBob(Path work, String bobScenario, String aliceScenario) throws Exception {
        int phonePort = TestConfig.freePort();
        Instant now = Instant.now();
        registrations.save(new Registration(UUID.randomUUID(), FakeCredentials.BOB, "sip:bob@127.0.0.1:" + phonePort,
                "127.0.0.1:" + phonePort, "UDP", "SIPp", "reg-1", 1, now, now.plusSeconds(600)));
        Process bob = Sipp.serve(bobScenario, phonePort, work);
        try {
            Thread.sleep(300); // let SIPp bind before we INVITE it

            Sipp.Result alice = Sipp.run(aliceScenario, "127.0.0.1", port, "u1", "-s", "1002");

            assertThat(alice.succeeded()).as(alice.explain()).isTrue();
            assertThat(bob.waitFor(10, TimeUnit.SECONDS)).as("bob's phone finished " + bobScenario).isTrue();
            assertThat(bob.exitValue()).as(Sipp.read(work.resolve("errors.log"))
                    + Sipp.read(work.resolve("output.log"))).isZero();
        } finally {
            bob.destroyForcibly();
        }
    }

    private static String invite(String dialed, String extraHeaders) {
        String sdp = "v=0\r\no=c 1 1 IN IP4 127.0.0.3\r\ns=-\r\nc=IN IP4 127.0.0.3\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\n";
        return "INVITE sip:" + dialed + "@127.0.0.1 SIP/2.0\n"
                + "Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:+15551230001@carrier.example>;tag=c1\n"
                + "To: <sip:" + dialed + "@127.0.0.1>\n"
                + "Call-ID: $CALLID\n"
                + "CSeq: 1 INVITE\n"
                + "Contact: <sip:+15551230001@$LOCAL>\n"
                + extraHeaders + "\n"
                + "Content-Type: application/sdp\n"
                + "Content-Length: " + sdp.length() + "\n\n" + sdp;
    }

    private Call awaitEnded() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Call> ended = core.all().stream().filter(c -> !c.state().isLive()).findFirst();
            if (ended.isPresent() && server.b2bua().orElseThrow().liveLegs() == 0) {
                return ended.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no call ended: " + core.events);
    }
}
