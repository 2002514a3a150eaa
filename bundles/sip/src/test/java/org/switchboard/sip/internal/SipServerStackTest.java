package org.switchboard.sip.internal;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.health.HealthStatus;
import org.switchboard.api.registration.Registration;

/**
 * The real jain-sip stack on a free port with in-memory repositories, driven by hand-written SIP over
 * UDP and TCP: digest with SHA-256 and MD5, stale nonces, replays, bindings, and RFC 4475-style
 * torture messages after which the stack must still answer.
 */
class SipServerStackTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final String OPTIONS = """
            OPTIONS sip:%s SIP/2.0
            Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH
            Max-Forwards: 70
            From: <sip:probe@example.org>;tag=1
            To: <sip:%s>
            Call-ID: $CALLID
            CSeq: 1 OPTIONS
            Content-Length: 0

            """;

    private final MutableClock clock = new MutableClock(Instant.now());
    private final InMemoryRegistrations registrations = new InMemoryRegistrations();
    private final TrunkRegistry trunks = new TrunkRegistry();
    private int port;
    private SipServer server;
    private RawSip phone;

    @BeforeEach
    void start() throws Exception {
        port = TestConfig.freePort();
        server = new SipServer(SipSettings.from(TestConfig.sip(Map.of("port", port))), registrations,
                FakeCredentials.demo(), trunks, clock);
        phone = new RawSip(InetAddress.getLoopbackAddress(), port);
    }

    @AfterEach
    void stop() {
        phone.close();
        server.close();
    }

    private String register(String callId, int cseq, String contact, String expires, String authorization) {
        return "REGISTER sip:127.0.0.1:" + port + " SIP/2.0\n"
                + "Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:alice@switchboard.local>;tag=a1\n"
                + "To: <sip:alice@switchboard.local>\n"
                + "Call-ID: " + callId + "\n"
                + "CSeq: " + cseq + " REGISTER\n"
                + (contact == null ? "" : "Contact: " + contact + "\n")
                + (expires == null ? "" : "Expires: " + expires + "\n")
                + (authorization == null ? "" : "Authorization: " + authorization + "\n")
                + "User-Agent: RawSip test\n"
                + "Content-Length: 0\n\n";
    }

    private String exchange(RawSip sip, String message) throws Exception {
        sip.send(message);
        return sip.receive(WAIT).orElseThrow(() -> new AssertionError("no response to\n" + message));
    }

    private String options() {
        return OPTIONS.formatted("127.0.0.1:" + port, "127.0.0.1:" + port);
    }

    /** REGISTERs with the challenge's algorithm (first = SHA-256) and returns the 200 OK. */
    private String registerAlice(String contact, String expires, int challengeIndex) throws Exception {
        String callId = "reg-" + System.nanoTime();
        String challenge = exchange(phone, register(callId, 1, contact, expires, null));
        String header = SipText.headers(challenge, "WWW-Authenticate").get(challengeIndex);
        return exchange(phone, register(callId, 2, contact, expires,
                SipText.authorization(header, "REGISTER", "sip:127.0.0.1:" + port, "alice", "alice-secret", "00000001")));
    }

    @Test
    void registerIsChallengedWithSha256ThenMd5SharingOneNonce() throws Exception {
        String response = exchange(phone, register("c1", 1, "<sip:alice@" + phone.local() + ">", "600", null));

        assertThat(RawSip.status(response)).isEqualTo(401);
        List<String> challenges = SipText.headers(response, "WWW-Authenticate");
        assertThat(challenges).hasSize(2);
        assertThat(SipText.param(challenges.get(0), "algorithm")).isEqualTo("SHA-256");
        assertThat(SipText.param(challenges.get(1), "algorithm")).isEqualTo("MD5");
        assertThat(challenges).allSatisfy(c -> {
            assertThat(c).startsWith("Digest ").contains("qop=\"auth\"");
            assertThat(SipText.param(c, "realm")).isEqualTo("switchboard.local");
            assertThat(SipText.param(c, "opaque")).isNotEmpty();
            assertThat(SipText.param(c, "nonce")).isEqualTo(SipText.param(challenges.get(0), "nonce"));
        });
        assertThat(registrations.allActive(clock.instant())).isEmpty();
    }

    @Test
    void sha256DigestRegistersTheContactWithItsSourceAndTransport() throws Exception {
        String contact = "<sip:alice@" + phone.local() + ">";

        String ok = registerAlice(contact, "600", 0);

        assertThat(RawSip.status(ok)).isEqualTo(200);
        assertThat(SipText.headers(ok, "Contact")).containsExactly(
                "<sip:alice@" + phone.local() + ">;expires=600");
        assertThat(registrations.allActive(clock.instant())).singleElement().satisfies(r -> {
            assertThat(r.agentId()).isEqualTo(FakeCredentials.ALICE);
            assertThat(r.contact()).isEqualTo("sip:alice@" + phone.local());
            assertThat(r.source()).isEqualTo(phone.local());
            assertThat(r.transport()).isEqualTo("UDP");
            assertThat(r.userAgent()).isEqualTo("RawSip test");
        });
        assertThat(server.check().status()).isEqualTo(HealthStatus.UP);
        assertThat(server.check().detail()).isEqualTo("udp+tcp 127.0.0.1:" + port + ", 1 registration");
    }

    @Test
    void md5DigestRegistersToo() throws Exception {
        String ok = registerAlice("<sip:alice@" + phone.local() + ">", "600", 1);

        assertThat(RawSip.status(ok)).isEqualTo(200);
    }

    @Test
    void wrongPasswordGetsANewChallengeAndNothingIsBound() throws Exception {
        String challenge = exchange(phone, register("c2", 1, "<sip:alice@" + phone.local() + ">", "600", null));
        String header = SipText.headers(challenge, "WWW-Authenticate").get(0);

        String again = exchange(phone, register("c2", 2, "<sip:alice@" + phone.local() + ">", "600",
                SipText.authorization(header, "REGISTER", "sip:127.0.0.1:" + port, "alice", "alice-guess", "00000001")));

        assertThat(RawSip.status(again)).isEqualTo(401);
        assertThat(SipText.param(SipText.headers(again, "WWW-Authenticate").get(0), "stale")).isNull();
        assertThat(registrations.allActive(clock.instant())).isEmpty();
    }

    @Test
    void expiredNonceGetsAStaleChallengeAndTheRetrySucceeds() throws Exception {
        String contact = "<sip:alice@" + phone.local() + ">";
        String challenge = exchange(phone, register("c3", 1, contact, "600", null));
        String header = SipText.headers(challenge, "WWW-Authenticate").get(0);
        clock.advance(Duration.ofSeconds(301));

        String stale = exchange(phone, register("c3", 2, contact, "600",
                SipText.authorization(header, "REGISTER", "sip:127.0.0.1:" + port, "alice", "alice-secret", "00000001")));
        String fresh = SipText.headers(stale, "WWW-Authenticate").get(0);
        String ok = exchange(phone, register("c3", 3, contact, "600",
                SipText.authorization(fresh, "REGISTER", "sip:127.0.0.1:" + port, "alice", "alice-secret", "00000001")));

        assertThat(RawSip.status(stale)).isEqualTo(401);
        assertThat(SipText.param(fresh, "stale")).isEqualToIgnoringCase("true");
        assertThat(RawSip.status(ok)).isEqualTo(200);
    }

    @Test
    void replayedNonceCountIsNotAccepted() throws Exception {
        String contact = "<sip:alice@" + phone.local() + ">";
        String challenge = exchange(phone, register("c4", 1, contact, "600", null));
        String authorization = SipText.authorization(SipText.headers(challenge, "WWW-Authenticate").get(1),
                "REGISTER", "sip:127.0.0.1:" + port, "alice", "alice-secret", "00000001");

        String first = exchange(phone, register("c4", 2, contact, "600", authorization));
        String replay = exchange(phone, register("c4", 3, contact, "0", authorization));

        assertThat(RawSip.status(first)).isEqualTo(200);
        assertThat(RawSip.status(replay)).isEqualTo(401);
        assertThat(registrations.allActive(clock.instant())).hasSize(1);
    }

    @Test
    void severalContactsThenExpiresZeroAndWildcardRemoveThem() throws Exception {
        registerAlice("<sip:alice@10.0.0.7:5062>", "600", 0);
        String both = registerAlice("<sip:alice@10.0.0.8:5060;transport=tcp>;expires=120", "600", 0);
        String one = registerAlice("<sip:alice@10.0.0.7:5062>", "0", 0);
        String none = registerAlice("*", "0", 0);

        // jain-sip writes several contacts as one comma-separated header, which SIP allows
        assertThat(SipText.headers(both, "Contact").stream().flatMap(h -> List.of(h.split(",")).stream()))
                .containsExactlyInAnyOrder(
                "<sip:alice@10.0.0.7:5062>;expires=600", "<sip:alice@10.0.0.8:5060;transport=tcp>;expires=120");
        assertThat(SipText.headers(one, "Contact")).containsExactly(
                "<sip:alice@10.0.0.8:5060;transport=tcp>;expires=120");
        assertThat(RawSip.status(none)).isEqualTo(200);
        assertThat(SipText.headers(none, "Contact")).isEmpty();
        assertThat(registrations.allActive(clock.instant())).isEmpty();
    }

    @Test
    void tooBriefGets423WithMinExpiresAndTooLongIsCapped() throws Exception {
        String brief = registerAlice("<sip:alice@" + phone.local() + ">", "30", 0);
        String capped = registerAlice("<sip:alice@" + phone.local() + ">", "86400", 0);

        assertThat(RawSip.status(brief)).isEqualTo(423);
        assertThat(SipText.headers(brief, "Min-Expires")).containsExactly("60");
        assertThat(SipText.headers(capped, "Contact")).containsExactly("<sip:alice@" + phone.local() + ">;expires=3600");
    }

    @Test
    void thePurgeRemovesExpiredRegistrations() throws Exception {
        registerAlice("<sip:alice@10.0.0.7:5062>", "60", 0);
        registerAlice("<sip:alice@10.0.0.8:5062>", "600", 0);
        clock.advance(Duration.ofSeconds(61));

        server.purge();

        assertThat(registrations.allActive(clock.instant().minusSeconds(3600))).extracting(Registration::contact)
                .containsExactly("sip:alice@10.0.0.8:5062");
        assertThat(server.check().detail()).endsWith(", 1 registration");
    }

    @Test
    void registerForAnotherDomainIsRefused() throws Exception {
        String response = exchange(phone, register("c5", 1, "<sip:alice@" + phone.local() + ">", "600", null)
                .replace("alice@switchboard.local", "alice@example.com"));

        assertThat(RawSip.status(response)).isEqualTo(404);
    }

    @Test
    void optionsIsAnsweredWithWhatWeAccept() throws Exception {
        String ok = exchange(phone, options());

        assertThat(RawSip.status(ok)).isEqualTo(200);
        assertThat(String.join(",", SipText.headers(ok, "Allow"))).contains("OPTIONS").contains("REGISTER");
        assertThat(SipText.headers(ok, "Accept")).containsExactly("application/sdp");
        assertThat(SipText.headers(ok, "Supported")).containsExactly("");
    }

    @Test
    void inviteFromAPhoneMustAuthenticateBeforeAnythingElse() throws Exception {
        String invite = """
                INVITE sip:1002@switchboard.local SIP/2.0
                Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH
                Max-Forwards: 70
                From: <sip:alice@switchboard.local>;tag=i1
                To: <sip:1002@switchboard.local>
                Call-ID: $CALLID
                CSeq: 1 INVITE
                Contact: <sip:alice@$LOCAL>
                Content-Length: 0

                """;

        String response = exchange(phone, invite);

        assertThat(RawSip.status(response)).isEqualTo(407);
        assertThat(SipText.headers(response, "Proxy-Authenticate")).hasSize(2);
    }

    @Test
    void inviteFromATrunkAddressNeedsNoCredentials() throws Exception {
        InetAddress carrierAddress = InetAddress.getByName("127.0.0.3");
        new TrunkConfiguration(trunks, TestConfig.trunk(Map.of("name", "pstn", "host", "127.0.0.3", "port", 5080)));
        try (RawSip carrier = new RawSip(carrierAddress, port)) {
            String response = exchange(carrier, """
                    INVITE sip:+15550100@127.0.0.1 SIP/2.0
                    Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH
                    Max-Forwards: 70
                    From: <sip:+15551230001@127.0.0.3>;tag=t1
                    To: <sip:+15550100@127.0.0.1>
                    Call-ID: $CALLID
                    CSeq: 1 INVITE
                    Contact: <sip:+15551230001@$LOCAL>
                    Content-Length: 0

                    """);

            assertThat(RawSip.status(response)).isEqualTo(501);
        }
    }

    @Test
    void tortureMessagesGetTheRightAnswerOrSilenceAndTheStackKeepsServing() throws Exception {
        // RFC 4475 §3.1.2.x / §3.3.x in spirit: each must be refused without hurting the next one
        String missingCallId = """
                OPTIONS sip:127.0.0.1 SIP/2.0
                Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH
                Max-Forwards: 70
                From: <sip:probe@example.org>;tag=1
                To: <sip:127.0.0.1>
                CSeq: 1 OPTIONS
                Content-Length: 0

                """;
        String negativeContentLength = options().replace("Content-Length: 0", "Content-Length: -999");
        String garbledTo = options().replace("To: <sip:127.0.0.1:" + port + ">", "To: \"unterminated <sip:x@y");
        String maxForwardsZero = """
                REGISTER sip:127.0.0.1 SIP/2.0
                Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH
                Max-Forwards: 0
                From: <sip:alice@switchboard.local>;tag=1
                To: <sip:alice@switchboard.local>
                Call-ID: $CALLID
                CSeq: 1 REGISTER
                Contact: <sip:alice@$LOCAL>
                Content-Length: 0

                """;
        String unknownMethod = options().replace("OPTIONS", "NEWMETHOD");
        String requiredExtension = options().replace("Max-Forwards: 70", "Max-Forwards: 70\nRequire: nonsense-ext");
        String inviteWithoutContact = options().replace("OPTIONS", "INVITE");

        phone.send(missingCallId);
        assertThat(phone.receive(Duration.ofSeconds(1))).isEmpty();
        String badLength = exchange(phone, negativeContentLength);
        assertThat(RawSip.status(badLength)).isEqualTo(400);
        assertThat(badLength.lines().findFirst().orElseThrow()).contains("Content-Length");
        String badTo = exchange(phone, garbledTo);
        assertThat(RawSip.status(badTo)).isEqualTo(400);
        assertThat(RawSip.status(exchange(phone, maxForwardsZero))).isEqualTo(483);
        assertThat(RawSip.status(exchange(phone, unknownMethod))).isEqualTo(501);
        String extension = exchange(phone, requiredExtension);
        assertThat(RawSip.status(extension)).isEqualTo(420);
        assertThat(SipText.headers(extension, "Unsupported")).containsExactly("nonsense-ext");
        assertThat(RawSip.status(exchange(phone, inviteWithoutContact))).isEqualTo(400);
        phone.sendBytes("\u0000\u0001garbage that is not SIP at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(phone.receive(Duration.ofSeconds(1))).isEmpty();

        assertThat(RawSip.status(exchange(phone, options()))).isEqualTo(200);
    }

    @Test
    void anUnknownSipVersionGets505AndTheStackKeepsServing() throws Exception {
        // RFC 3261 §8.2.2 / RFC 4475 §3.1.2.16 (unknown protocol version)
        String response = exchange(phone, options().replace("SIP/2.0\nVia", "SIP/7.0\nVia"));

        assertThat(response.lines().findFirst().orElseThrow()).startsWith("SIP/2.0 505");
        assertThat(RawSip.status(exchange(phone, options()))).isEqualTo(200);
    }

    @Test
    void theLargestPossibleUdpDatagramIsUnderOurLimitSoItIsAnswered() throws Exception {
        // 65,507 bytes is all an IPv4 UDP datagram can carry (65,527 over IPv6): no datagram can exceed
        // the 64 KiB limit, so over UDP the limit never drops anything; only TCP can go beyond it
        int largest = 65_507;
        assertThat(largest).isLessThan(SipEndpoint.MAX_MESSAGE_SIZE);
        String head = phone.prepare(options().replace("Max-Forwards: 70", "Max-Forwards: 70\nX-Padding: PAD"));
        String padded = head.replace("PAD", "p".repeat(largest - head.length() + 3));
        assertThat(padded).hasSize(largest);

        String answer = exchange(phone, padded);

        assertThat(RawSip.status(answer)).isEqualTo(200);
        assertThat(RawSip.status(exchange(phone, options()))).isEqualTo(200);
    }

    @Test
    void oversizedTcpMessagesAreDroppedAndTheStackKeepsServing() throws Exception {
        String tcpOptions = options().replace("SIP/2.0/UDP", "SIP/2.0/TCP");
        // a 70 KB body: read whole by jain-sip, dropped by us with a log line
        String bigBody = phone.prepare(tcpOptions.replace("Content-Length: 0", "Content-Type: text/plain\r\n"
                + "Content-Length: 70000")) + "b".repeat(70000);
        // 200 KB of headers: jain-sip gives up on the connection by itself
        String hugeHeaders = phone.prepare(tcpOptions.replace("Via:", "X-Padding: " + "a".repeat(200 * 1024)
                + "\r\nVia:"));

        String first = RawSip.overTcp(port, bigBody.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
        String second = RawSip.overTcp(port, hugeHeaders.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));

        assertThat(first).doesNotContain("SIP/2.0");
        assertThat(second).doesNotContain("SIP/2.0");
        assertThat(RawSip.status(exchange(phone, options()))).isEqualTo(200);
        String tcp = RawSip.overTcp(port, phone.prepare(tcpOptions).getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(2));
        assertThat(tcp).startsWith("SIP/2.0 200 OK");
    }

    @Test
    void optionsOverTcpIsAnswered() throws Exception {
        String request = phone.prepare(options().replace("SIP/2.0/UDP", "SIP/2.0/TCP"));

        String answer = RawSip.overTcp(port, request.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));

        assertThat(answer).startsWith("SIP/2.0 200 OK");
    }

    @Test
    void requestLoopingBackToUsGets482() throws Exception {
        // a trunk pointing at ourselves: our own REGISTER comes back with our Via branch in it
        new TrunkConfiguration(trunks, TestConfig.trunk(Map.of("name", "self", "host", "127.0.0.1", "port", port,
                "register", true, "username", "loop", "password", "loop-secret-1",
                "inbound", new String[] {"192.0.2.1"})));

        Optional<TrunkRegistration.Status> status = awaitStatus("self", s -> s.detail().startsWith("482"));

        assertThat(status).hasValueSatisfying(s -> assertThat(s.registered()).isFalse());
        assertThat(RawSip.status(exchange(phone, options()))).isEqualTo(200);
    }

    @Test
    void registrationsSurviveARestartOfTheServer() throws Exception {
        registerAlice("<sip:alice@" + phone.local() + ">", "600", 0);
        server.close();

        server = new SipServer(SipSettings.from(TestConfig.sip(Map.of("port", port))), registrations,
                FakeCredentials.demo(), trunks, clock);

        assertThat(registrations.allActive(clock.instant())).extracting(Registration::agentId)
                .containsExactly(FakeCredentials.ALICE);
        assertThat(server.check().detail()).endsWith("1 registration");
        assertThat(RawSip.status(exchange(phone, options()))).isEqualTo(200);
    }

    @Test
    void healthIsDownWhileThePortIsTakenAndTheServerListensOnceItIsFree() throws Exception {
        SipServer first = server;
        server = new SipServer(SipSettings.from(TestConfig.sip(Map.of("port", port))), registrations,
                FakeCredentials.demo(), trunks, clock);
        assertThat(server.check().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(server.check().detail()).startsWith("cannot listen on udp+tcp 127.0.0.1:" + port);

        first.close(); // lets the port go: the second server takes it at its next try
        awaitUp(server);
        assertThat(RawSip.status(exchange(phone, options()))).isEqualTo(200);
    }

    /**
     * A taken TCP port: DOWN with the reason, and the tries leave no threads behind (jain-sip's stop throws for a
     * TCP point that never bound, and its UDP point starts threads of its own after start); once free, it listens.
     */
    @Test
    void aTakenTcpPortIsRetriedWithoutLeavingThreadsBehind() throws Exception {
        int other = TestConfig.freePort();
        Set<String> before = stackThreads(other);
        SipServer second;
        try (ServerSocket tcpTaken = new ServerSocket(other, 1, InetAddress.getLoopbackAddress())) {
            second = new SipServer(SipSettings.from(TestConfig.sip(Map.of("port", other))), registrations,
                    FakeCredentials.demo(), trunks, clock);
            assertThat(second.check().status()).isEqualTo(HealthStatus.DOWN);
            assertThat(second.check().detail()).contains("Address already in use");
            Thread.sleep(SipServer.LISTEN_RETRY.multipliedBy(2).plusMillis(500).toMillis()); // two more tries

            assertThat(stackThreads(other)).as("threads of jain-sip stacks").isEqualTo(before);
        }
        try (RawSip otherPhone = new RawSip(InetAddress.getLoopbackAddress(), other)) {
            awaitUp(second);
            assertThat(RawSip.status(exchange(otherPhone, OPTIONS.formatted("127.0.0.1:" + other, "127.0.0.1:" + other))))
                    .isEqualTo(200);
        } finally {
            second.close();
        }
    }

    /**
     * Live threads a jain-sip stack on this port starts (its listening points' readers and parsers, its timer),
     * and every stack's auditor timers.
     */
    private static Set<String> stackThreads(int port) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains("sip-" + port + "-") || name.endsWith("/" + port)
                        || name.contains("Auditor"))
                .collect(Collectors.toSet());
    }

    private static void awaitUp(SipServer server) throws InterruptedException {
        long deadline = System.nanoTime() + SipServer.LISTEN_RETRY.multipliedBy(3).toNanos();
        while (server.check().status() == HealthStatus.DOWN && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(server.check().status()).as(server.check().detail()).isEqualTo(HealthStatus.UP);
    }

    private Optional<TrunkRegistration.Status> awaitStatus(String trunk,
            java.util.function.Predicate<TrunkRegistration.Status> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Optional<TrunkRegistration.Status> status = Optional.empty();
        while (System.nanoTime() < deadline) {
            status = server.trunkStatus(trunk);
            if (status.filter(condition).isPresent()) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("trunk " + trunk + " never reached the expected state; last " + status);
    }
}
