package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.Role;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.event.Topics;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.Tone;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.RingStrategy;
import org.switchboard.api.number.Route;
import org.switchboard.api.registration.Registration;

/**
 * The B2BUA on the real stack, between two SIPp phones: alice calls bob's extension, a trunk calls
 * the main number; core is the real state machine (its media plan decides the bridges and tones), media
 * a stand-in that records what it is asked.
 */
class B2buaTest {
    private static final Agent BOB = new Agent(FakeCredentials.BOB, "bob", "Bob Brown", "1002", Optional.empty(),
            Role.AGENT, true);
    private static final Group SUPPORT = new Group(UUID.randomUUID(), "support", RingStrategy.RING_ALL,
            List.of(FakeCredentials.BOB), Duration.ofSeconds(20), false, Optional.empty());

    private final InMemoryRegistrations registrations = new InMemoryRegistrations();
    private final TrunkRegistry trunks = new TrunkRegistry();
    private final FakeMediaService media = new FakeMediaService();
    private final RealCore core = new RealCore(media);
    private int port;
    private SipServer server;

    @BeforeEach
    void start() {
        Sipp.requireInstalled();
        port = TestConfig.freePort();
        CallServices services = new CallServices();
        services.set(core.calls);
        services.set(media);
        services.set(new NumberPlan() {
            @Override
            public Route route(String dialed) {
                return switch (dialed) {
                    case "1002" -> new Route.ToAgent(BOB);
                    case "+15550100" -> new Route.ToGroup(SUPPORT, List.of(BOB));
                    case "+15557770000" -> new Route.ToTrunk("pstn", E164.of("+15557770000"));
                    default -> new Route.Unroutable("no such number " + dialed);
                };
            }

            @Override
            public List<E164> callerIdsFor(UUID agentId) {
                return List.of();
            }
        });
        this.services = services;
        startServer(settings(Map.of()));
    }

    private CallServices services;

    private SipSettings settings(Map<String, Object> overrides) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("port", port, "digestAlgorithms", "MD5",
                "b2bua", true));
        config.putAll(overrides);
        return SipSettings.from(TestConfig.sip(config));
    }

    private void startServer(SipSettings settings) {
        server = new SipServer(settings, registrations, FakeCredentials.demo(), trunks, services,
                java.time.Clock.systemUTC());
        core.drivenBy(server.b2bua().orElseThrow());
    }

    private void restartWith(SipSettings settings) {
        server.close();
        core.notDrivenBy(server.b2bua().orElseThrow());
        startServer(settings);
    }

    /** The settings with a ring timeout below the 5 s the configuration allows, to keep the test short. */
    private static SipSettings ringingFor(SipSettings s, Duration ringTimeout) {
        return new SipSettings(s.bindAddress(), s.port(), s.tls(), s.domain(), s.nonceValidity(),
                s.maxFailedAuthsPerAddress(), s.block(), s.expiry(), s.digestAlgorithms(), s.maxContactsPerAgent(),
                s.workerThreads(), s.b2bua(), ringTimeout, s.md5OnlyUserAgents(), s.mwiUnsolicited(),
                s.sessionTimers(), s.overload());
    }

    @AfterEach
    void stop() {
        server.close();
        core.stop();
    }

    /** Bob's phone registered at 127.0.0.1:phonePort, as the registrar would have stored it. */
    private void registerBob(int phonePort) {
        Instant now = Instant.now();
        registrations.save(new Registration(UUID.randomUUID(), FakeCredentials.BOB, "sip:bob@127.0.0.1:" + phonePort,
                "127.0.0.1:" + phonePort, "UDP", "SIPp", "reg-1", 1, now, now.plusSeconds(600)));
    }

    @Test
    void aliceCallsBobsExtensionAndTheAudioIsAnchoredAndBridged(@TempDir Path work) throws Exception {
        int phonePort = TestConfig.freePort();
        registerBob(phonePort);
        Process bob = Sipp.serve("answer.xml", phonePort, work);
        try {
            Thread.sleep(300);

            Sipp.Result alice = Sipp.run("call.xml", "127.0.0.1", port, "u1", "-s", "1002");

            assertThat(alice.succeeded()).as(alice.explain()).isTrue();
            assertThat(bob.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(bob.exitValue()).as(Sipp.read(work.resolve("errors.log"))).isZero();
        } finally {
            bob.destroyForcibly();
        }
        Call call = awaitEnded();
        assertThat(call.direction()).isEqualTo(CallDirection.INTERNAL);
        assertThat(call.caller().agentId()).contains(FakeCredentials.ALICE);
        assertThat(call.endReason()).contains(EndReason.CALLER_HANGUP);
        Leg callerLeg = call.legs().get(0);
        Leg bobLeg = call.legs().stream().filter(l -> l.role() == LegRole.CALLEE).findFirst().orElseThrow();
        assertThat(bobLeg.party().agentId()).contains(FakeCredentials.BOB);
        MediaEndpoint aliceSide = media.endpointOfLeg(callerLeg.id());
        MediaEndpoint bobSide = media.endpointOfLeg(bobLeg.id());
        // each side talks to its own endpoint, with the codec it chose, and the two are bridged
        assertThat(media.remotes.get(aliceSide.id()).codec()).isEqualTo(Codec.PCMA);
        assertThat(media.remotes.get(aliceSide.id()).telephoneEventPayloadType()).isEqualTo(OptionalInt.of(101));
        assertThat(media.remotes.get(bobSide.id()).codec()).isEqualTo(Codec.PCMU);
        assertThat(media.bridges).containsExactly(Set.of(aliceSide.id(), bobSide.id()));
        assertThat(media.released).containsExactlyInAnyOrder(aliceSide.id(), bobSide.id());
        assertThat(server.b2bua().orElseThrow().liveLegs()).isZero();
    }

    @Test
    void busyPhoneMakesTheCallerHearBusy(@TempDir Path work) throws Exception {
        int phonePort = TestConfig.freePort();
        registerBob(phonePort);
        Process bob = Sipp.serve("busy.xml", phonePort, work);
        try {
            Thread.sleep(300);

            Sipp.Result alice = Sipp.run("call-busy.xml", "127.0.0.1", port, "u1", "-s", "1002");

            assertThat(alice.succeeded()).as(alice.explain()).isTrue();
        } finally {
            bob.destroyForcibly();
        }
        assertThat(awaitEnded().endReason()).contains(EndReason.BUSY);
        assertThat(media.released).hasSize(2);
        assertThat(media.bridges).isEmpty();
    }

    @Test
    void inviteFromAPhoneWithoutCredentialsOpensNoCall() throws Exception {
        try (RawSip alice = new RawSip(InetAddress.getLoopbackAddress(), port)) {
            String response = callFromTrunkOrPhone(alice, "1002");

            assertThat(RawSip.status(response)).isEqualTo(407);
        }
        assertThat(core.all()).isEmpty();
    }

    @Test
    void trunkCallToTheMainNumberRingsTheGroupWithoutCredentials(@TempDir Path work) throws Exception {
        new TrunkConfiguration(trunks, TestConfig.trunk(Map.of("name", "pstn", "host", "127.0.0.3", "port", 5080)));
        int phonePort = TestConfig.freePort();
        registerBob(phonePort);
        Process bob = Sipp.serve("busy.xml", phonePort, work);
        try (RawSip carrier = new RawSip(InetAddress.getByName("127.0.0.3"), port)) {
            Thread.sleep(300);

            String response = callFromTrunkOrPhone(carrier, "+15550100");

            assertThat(RawSip.status(response)).isEqualTo(486);
        } finally {
            bob.destroyForcibly();
        }
        Call call = awaitEnded();
        assertThat(call.direction()).isEqualTo(CallDirection.INBOUND);
        assertThat(call.caller().number()).contains(E164.of("+15551230001"));
        assertThat(call.groupId()).contains(SUPPORT.id());
    }

    @Test
    void aTrunkCannotCallUnknownOrOutsideNumbers() throws Exception {
        new TrunkConfiguration(trunks, TestConfig.trunk(Map.of("name", "pstn", "host", "127.0.0.3", "port", 5080)));
        try (RawSip carrier = new RawSip(InetAddress.getByName("127.0.0.3"), port)) {
            assertThat(RawSip.status(callFromTrunkOrPhone(carrier, "999"))).isEqualTo(404);
            // relaying a carrier's call back out would be toll fraud
            assertThat(RawSip.status(callFromTrunkOrPhone(carrier, "+15557770000"))).isEqualTo(403);
        }
        assertThat(core.all()).isEmpty();
    }

    @Test
    void aCallToAnAgentWithoutAPhoneIsLoggedAsNotAnswered() throws Exception {
        new TrunkConfiguration(trunks, TestConfig.trunk(Map.of("name", "pstn", "host", "127.0.0.3", "port", 5080)));
        try (RawSip carrier = new RawSip(InetAddress.getByName("127.0.0.3"), port)) {
            assertThat(RawSip.status(callFromTrunkOrPhone(carrier, "1002"))).isEqualTo(480);
        }
        assertThat(awaitEnded().endReason()).contains(EndReason.NO_ANSWER);
    }

    // ---- CANCEL races -----------------------------------------------------------------------

    @Test
    void aPhoneAnsweringAfterOurCancelIsAckedAndByedAndTheCallerHears487(@TempDir Path work) throws Exception {
        aliceCallsBob(work, "answer-after-cancel.xml", List.of(), "call-cancel.xml");

        assertEndedWithoutBridge(EndReason.CANCELLED);
    }

    @Test
    void aPhoneWhose200CrossedOurCancelIsAckedAndByedAndTheCallerHears487(@TempDir Path work) throws Exception {
        aliceCallsBob(work, "answer-crossing-cancel.xml", List.of(), "call-cancel.xml");

        assertEndedWithoutBridge(EndReason.CANCELLED);
    }

    @Test
    void aCallersCancelCrossingOur200IsAnswered200AndTheCallStaysUpUntilItsBye(@TempDir Path work) throws Exception {
        aliceCallsBob(work, "answer.xml", List.of(), "call-cancel-after-answer.xml");

        Call call = awaitEnded();
        assertThat(call.endReason()).contains(EndReason.CALLER_HANGUP);
        assertThat(core.topics(call.id())).contains(Topics.CALL_ANSWERED);
        assertThat(media.bridges).hasSize(1);
        assertThat(media.released).hasSize(2);
    }

    // ---- the callee's answers -----------------------------------------------------------------

    /** What B2bua.reasonOf and statusFor intend: 408 is not passed on, it is a no-answer (480). */
    @ParameterizedTest(name = "callee {0} -> caller {2}, {3}")
    @CsvSource({
        "480, Temporarily Unavailable, 480, NO_ANSWER",
        "408, Request Timeout, 480, NO_ANSWER",
        "603, Decline, 603, REJECTED"})
    void aCalleesFinalFailureReachesTheCallerMapped(int calleeStatus, String phrase, int callerStatus,
            EndReason reason, @TempDir Path work) throws Exception {
        String refuse = Sipp.variant("refuse.xml", "SIP/2.0 480 Temporarily Unavailable",
                "SIP/2.0 " + calleeStatus + " " + phrase, work);

        aliceCallsBob(work, refuse, List.of(), "call-refused.xml", "-set", "expected", String.valueOf(callerStatus));

        Call call = assertEndedWithoutBridge(reason);
        assertThat(calleeLeg(call).endReason()).contains(reason);
    }

    /** Also when the caller's own BYE crosses ours: the dialog is ending, not unknown, so that BYE gets 200 too. */
    @ParameterizedTest
    @ValueSource(strings = {"call-hungup.xml", "call-hungup-bye-crossing.xml"})
    void theCalleeHangingUpSendsByeToTheCaller(String caller, @TempDir Path work) throws Exception {
        aliceCallsBob(work, "answer-then-hang-up.xml", List.of(), caller);

        Call call = awaitEnded();
        assertThat(call.endReason()).contains(EndReason.CALLEE_HANGUP);
        assertThat(media.bridges).hasSize(1);
        assertThat(media.released).hasSize(2);
    }

    @Test
    void anUnansweredPhoneIsCancelledAtTheRingTimeoutAndTheCallerHears480(@TempDir Path work) throws Exception {
        restartWith(ringingFor(settings(Map.of()), Duration.ofSeconds(1)));

        aliceCallsBob(work, "ring.xml", List.of(), "call-refused.xml", "-set", "expected", "480");

        assertEndedWithoutBridge(EndReason.NO_ANSWER);
    }

    // ---- hold from the phone ------------------------------------------------------------------

    @ParameterizedTest(name = "c={0} a={1}")
    @CsvSource({
        "127.0.0.1, inactive, inactive",
        "0.0.0.0, sendrecv, sendrecv"})
    void aPhoneHoldingPutsTheOtherPartyOnHoldAndResumingTakesItOff(String holdAddress, String direction,
            String answered, @TempDir Path work) throws Exception {
        aliceCallsBob(work, "answer-and-get-held.xml", List.of(), "call-hold.xml", "-key", "hold_ip", holdAddress,
                "-key", "hold_direction", direction, "-set", "hold_answer", answered);

        Call call = awaitEnded();
        Leg bobLeg = calleeLeg(call);
        assertThat(core.topics(call.id())).containsSubsequence(Topics.CALL_HELD, Topics.CALL_RESUMED);
        UUID bobSide = media.endpointOfLeg(bobLeg.id()).id();
        assertThat(media.played).containsSubsequence(Map.entry(bobSide, Tone.HOLD_MUSIC),
                Map.entry(bobSide, Tone.SILENCE));
        // sent to 0.0.0.0, RTP would reach this host itself: the hold address is never a remote
        assertThat(media.remotesSet).isNotEmpty()
                .noneMatch(remote -> remote.address().getAddress().isAnyLocalAddress());
        assertThat(call.endReason()).contains(EndReason.CALLER_HANGUP);
    }

    // ---- abuse ----------------------------------------------------------------------------------

    @Test
    void aPhoneWithoutCredentialsCannotCallOutThroughTheTrunk(@TempDir Path work) throws Exception {
        int carrierPort = TestConfig.freePort();
        new TrunkConfiguration(trunks, TestConfig.trunk(Map.of("name", "pstn", "host", "127.0.0.1", "port",
                carrierPort, "inbound", new String[] {"127.0.0.1:" + carrierPort})));
        Path carrierLog = work.resolve("carrier-messages.log");
        Process carrier = Sipp.serve("answer.xml", carrierPort, work, "-trace_msg", "-message_file",
                carrierLog.toString());
        try (RawSip phone = new RawSip(InetAddress.getLoopbackAddress(), port)) {
            Thread.sleep(300);

            assertThat(RawSip.status(callFromTrunkOrPhone(phone, "+15557770000"))).isEqualTo(407);

            // had anything been routed, the carrier would have it well within this
            assertThat(carrier.waitFor(500, TimeUnit.MILLISECONDS)).isFalse();
        } finally {
            carrier.destroy();
            carrier.waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(Sipp.read(carrierLog)).doesNotContain("INVITE");
        assertThat(core.all()).isEmpty();
    }

    @Test
    void repeatedWrongInviteDigestsGet403ThenSilenceForThatAddressOnly() throws Exception {
        restartWith(settings(Map.of("maxFailedAuthsPerAddress", 2)));
        InetAddress guesser = InetAddress.getByName("127.0.0.5");
        String challenge;
        try (RawSip first = new RawSip(guesser, port)) {
            String response = callFromTrunkOrPhone(first, "1002");
            assertThat(RawSip.status(response)).isEqualTo(407);
            challenge = SipText.headers(response, "Proxy-Authenticate").get(0);
        }
        String wrong = "Proxy-Authorization: " + SipText.authorization(challenge, "INVITE", "sip:1002@127.0.0.1",
                "alice", "not-the-password", "00000001");

        // each guess from a new port: the blocking is per address, not per socket
        assertThat(guess(guesser, wrong)).hasValueSatisfying(r -> assertThat(RawSip.status(r)).isEqualTo(407));
        assertThat(guess(guesser, wrong)).hasValueSatisfying(r -> assertThat(RawSip.status(r)).isEqualTo(407));
        assertThat(guess(guesser, wrong)).hasValueSatisfying(r -> assertThat(RawSip.status(r)).isEqualTo(403));
        assertThat(guess(guesser, wrong)).isEmpty();
        try (RawSip alice = new RawSip(InetAddress.getLoopbackAddress(), port)) {
            assertThat(RawSip.status(callFromTrunkOrPhone(alice, "1002"))).isEqualTo(407);
        }
        assertThat(core.all()).isEmpty();
    }

    private Optional<String> guess(InetAddress from, String authorization) throws Exception {
        try (RawSip sip = new RawSip(from, port)) {
            // as alice, so the digest fails for its password alone
            sip.send(invite("1002", authorization).replace("sip:+15551230001@carrier.example", "sip:alice@switchboard.local"));
            return sip.receive(Duration.ofSeconds(1));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /**
     * Bob's SIPp phone (registered for 1002) plays {@code bobScenario}; alice's SIPp phone calls 1002
     * with {@code aliceScenario}. Both must run to their end.
     */
    private void aliceCallsBob(Path work, String bobScenario, List<String> bobArguments, String aliceScenario,
            String... aliceArguments) throws Exception {
        int phonePort = TestConfig.freePort();
        registerBob(phonePort);
        Process bob = Sipp.serve(bobScenario, phonePort, work, bobArguments.toArray(String[]::new));
        try {
            Thread.sleep(300); // let SIPp bind before we INVITE it
            List<String> arguments = new java.util.ArrayList<>(List.of("-s", "1002"));
            arguments.addAll(List.of(aliceArguments));

            Sipp.Result alice = Sipp.run(aliceScenario, "127.0.0.1", port, "u1", arguments.toArray(String[]::new));

            assertThat(alice.succeeded()).as(alice.explain()).isTrue();
            assertThat(bob.waitFor(10, TimeUnit.SECONDS)).as("bob's phone finished " + bobScenario).isTrue();
            assertThat(bob.exitValue()).as(Sipp.read(work.resolve("errors.log"))
                    + Sipp.read(work.resolve("output.log"))).isZero();
        } finally {
            bob.destroyForcibly();
        }
    }

    private Call assertEndedWithoutBridge(EndReason reason) throws InterruptedException {
        Call call = awaitEnded();
        assertThat(call.endReason()).as(core.topics(call.id()).toString()).contains(reason);
        assertThat(media.bridges).isEmpty();
        assertThat(media.released).hasSize(2);
        return call;
    }

    private static Leg calleeLeg(Call call) {
        return call.legs().stream().filter(l -> l.role() == LegRole.CALLEE).findFirst().orElseThrow();
    }

    /** An INVITE with a PCMU offer from the socket's address; returns the first final response. */
    private String callFromTrunkOrPhone(RawSip from, String dialed) throws Exception {
        from.send(invite(dialed, null));
        return from.receive(Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("no answer to " + dialed));
    }

    private static String invite(String dialed, String extraHeader) {
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
                + (extraHeader == null ? "" : extraHeader + "\n")
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
