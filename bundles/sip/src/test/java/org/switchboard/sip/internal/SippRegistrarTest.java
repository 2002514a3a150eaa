package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIPp, an independent SIP implementation, against the real stack: registration with digest over UDP
 * and TCP, OPTIONS, 423, password guessing until the address is blocked, and our trunk registering at
 * SIPp playing a carrier.
 *
 * <p>SIPp 3.6 computes only MD5 digests and answers the first challenge it finds, whatever its
 * algorithm; so this server offers MD5 alone ({@link SipServerStackTest} covers SHA-256 first).
 */
class SippRegistrarTest {
    private final InMemoryRegistrations registrations = new InMemoryRegistrations();
    private final TrunkRegistry trunks = new TrunkRegistry();
    private int port;
    private SipServer server;

    @BeforeEach
    void start() {
        Sipp.requireInstalled();
        port = TestConfig.freePort();
        server = new SipServer(SipSettings.from(TestConfig.sip(Map.of("port", port, "digestAlgorithms", "MD5"))),
                registrations, FakeCredentials.demo(), trunks, java.time.Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sippRegistersAliceWithDigestOverUdp() throws Exception {
        Sipp.Result result = Sipp.run("register.xml", "127.0.0.1", port, "u1");

        assertThat(result.succeeded()).as(result.explain()).isTrue();
        assertThat(registrations.allActive(Instant.now())).singleElement().satisfies(r -> {
            assertThat(r.agentId()).isEqualTo(FakeCredentials.ALICE);
            assertThat(r.contact()).startsWith("sip:alice@127.0.0.1:").endsWith(";transport=UDP");
            assertThat(r.transport()).isEqualTo("UDP");
            assertThat(r.source()).startsWith("127.0.0.1:");
            assertThat(r.userAgent()).isEqualTo("SIPp register.xml");
        });
    }

    @Test
    void sippRegistersAliceWithDigestOverTcp() throws Exception {
        Sipp.Result result = Sipp.run("register.xml", "127.0.0.1", port, "t1");

        assertThat(result.succeeded()).as(result.explain()).isTrue();
        assertThat(registrations.allActive(Instant.now())).singleElement()
                .satisfies(r -> assertThat(r.transport()).isEqualTo("TCP"));
    }

    @Test
    void sippGetsOptionsAnsweredWithoutCredentials() throws Exception {
        Sipp.Result result = Sipp.run("options.xml", "127.0.0.1", port, "u1");

        assertThat(result.succeeded()).as(result.explain()).isTrue();
    }

    @Test
    void sippAskingForTooShortARegistrationGets423() throws Exception {
        Sipp.Result result = Sipp.run("interval-too-brief.xml", "127.0.0.1", port, "u1");

        assertThat(result.succeeded()).as(result.explain()).isTrue();
        assertThat(registrations.allActive(Instant.now())).isEmpty();
    }

    @Test
    void guessingPasswordsGets401UntilTheAddressIsBlockedWith403() throws Exception {
        InetAddress guesser = InetAddress.getByName("127.0.0.2");

        Sipp.Result result = Sipp.run("wrong-password.xml", "127.0.0.2", port, "u1");

        assertThat(result.succeeded()).as(result.explain()).isTrue();
        assertThat(server.isBlocked(guesser)).isTrue();
        assertThat(server.isBlocked(InetAddress.getLoopbackAddress())).isFalse();
        // blocked: silence, even for OPTIONS; other addresses are still served
        try (RawSip blocked = new RawSip(guesser, port); RawSip phone = new RawSip(InetAddress.getLoopbackAddress(),
                port)) {
            String options = """
                    OPTIONS sip:127.0.0.1 SIP/2.0
                    Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH
                    Max-Forwards: 70
                    From: <sip:probe@example.org>;tag=1
                    To: <sip:127.0.0.1>
                    Call-ID: $CALLID
                    CSeq: 1 OPTIONS
                    Content-Length: 0

                    """;
            blocked.send(options);
            assertThat(blocked.receive(Duration.ofSeconds(1))).isEmpty();
            phone.send(options);
            assertThat(phone.receive(Duration.ofSeconds(3)).map(RawSip::status)).contains(200);
        }
        assertThat(registrations.allActive(Instant.now())).isEmpty();
    }

    @Test
    void trunkRegistersAtACarrierThatChallenges(@TempDir Path work) throws Exception {
        int carrierPort = TestConfig.freePort();
        Process carrier = Sipp.serve("carrier.xml", carrierPort, work);
        try {
            Thread.sleep(300); // let SIPp bind before our first REGISTER
            new TrunkConfiguration(trunks, TestConfig.trunk(Map.of("name", "carrier", "host", "127.0.0.1",
                    "port", carrierPort, "register", true, "username", "trunkuser", "password", "trunk-secret",
                    "realm", "carrier.example", "inbound", new String[] {"127.0.0.1:" + carrierPort})));

            TrunkRegistration.Status status = awaitRegistered("carrier");

            assertThat(status.detail()).isEqualTo("registered for 120 s");
            assertThat(carrier.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(carrier.exitValue()).as(Sipp.read(work.resolve("errors.log"))).isZero();
        } finally {
            carrier.destroyForcibly();
        }
    }

    @Test
    void trunkWithTheWrongPasswordIsNotRegistered(@TempDir Path work) throws Exception {
        int carrierPort = TestConfig.freePort();
        Process carrier = Sipp.serve("carrier.xml", carrierPort, work);
        try {
            Thread.sleep(300);
            new TrunkConfiguration(trunks, TestConfig.trunk(Map.of("name", "carrier", "host", "127.0.0.1",
                    "port", carrierPort, "register", true, "username", "trunkuser", "password", "not-it-at-all",
                    "inbound", new String[] {"127.0.0.1:" + carrierPort})));

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Optional<TrunkRegistration.Status> status = Optional.empty();
            while (System.nanoTime() < deadline
                    && status.filter(s -> s.detail().startsWith("403")).isEmpty()) {
                Thread.sleep(100);
                status = server.trunkStatus("carrier");
            }

            assertThat(status).hasValueSatisfying(s -> {
                assertThat(s.registered()).isFalse();
                assertThat(s.detail()).startsWith("403");
            });
        } finally {
            carrier.destroyForcibly();
        }
    }

    private TrunkRegistration.Status awaitRegistered(String trunk) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Optional<TrunkRegistration.Status> status = Optional.empty();
        while (System.nanoTime() < deadline) {
            status = server.trunkStatus(trunk);
            if (status.filter(TrunkRegistration.Status::registered).isPresent()) {
                return status.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("trunk " + trunk + " not registered; last status " + status);
    }

    static {
        // keep the scenario directory check close to the tests that need it
        if (!Files.isDirectory(Sipp.scenarios())) {
            throw new IllegalStateException("SIPp scenarios not found at " + Sipp.scenarios().toAbsolutePath());
        }
    }
}
