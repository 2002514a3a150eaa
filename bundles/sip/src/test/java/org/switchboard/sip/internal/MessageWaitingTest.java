package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;

/**
 * Message-waiting lamps (RFC 3842) on the real stack: SIPp phones that subscribe or only register, and
 * hand-written SUBSCRIBEs for the refusals. Voicemail events come through an EventAdmin the way Karaf
 * delivers them (topics and filter of the registration); counts come from a stand-in for the store.
 *
 * <p>The server offers MD5 only: SIPp 3.6 computes no SHA-256 digest.
 */
class MessageWaitingTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final InMemoryRegistrations registrations = new InMemoryRegistrations();
    private final FakeVoicemail voicemail = new FakeVoicemail();
    private final DirectEventAdmin events = new DirectEventAdmin();
    private int port;
    private SipServer server;
    private RawSip phone;

    @BeforeEach
    void start() throws Exception {
        Sipp.requireInstalled();
        startServer(Map.of());
        phone = new RawSip(InetAddress.getLoopbackAddress(), port);
    }

    private void startServer(Map<String, Object> overrides) {
        port = TestConfig.freePort();
        Map<String, Object> config = new HashMap<>(Map.of("port", port, "digestAlgorithms", "MD5"));
        config.putAll(overrides);
        server = new SipServer(SipSettings.from(TestConfig.sip(config)), registrations, FakeCredentials.demo(),
                new TrunkRegistry(), Clock.systemUTC());
        server.bindAgents(new DemoAgents());
        server.bindRecordings(voicemail);
        server.bindNumbers(voicemail);
        events.subscribe(server.voicemailEvents(), VoicemailEvents.TOPICS, VoicemailEvents.FILTER);
    }

    @AfterEach
    void stop() {
        if (phone != null) {
            phone.close();
        }
        server.close();
    }

    // ---- SIPp phones ------------------------------------------------------------------------------

    @Test
    void subscribedPhoneSeesItsLampLightWhenVoicemailIsReadyAndUnsubscribes(@TempDir Path work) throws Exception {
        Process alice = Sipp.start("mwi-subscribe.xml", TestConfig.freePort(), port, "u1", work, "-trace_msg",
                "-message_file", work.resolve("messages.log").toString());
        try {
            awaitSubscriptions(1, alice, work);
            voicemail.counts(FakeCredentials.ALICE, 1, 0);
            events.publish(Topics.RECORDING_READY, Map.of(EventProperties.RECORDING_ID, "r1",
                    EventProperties.CALL_ID, "c1", EventProperties.KIND, "VOICEMAIL",
                    EventProperties.AGENT_ID, FakeCredentials.ALICE.toString()));

            assertThat(alice.waitFor(20, TimeUnit.SECONDS)).as(Sipp.read(work.resolve("output.log"))).isTrue();
            assertThat(alice.exitValue()).as(Sipp.read(work.resolve("errors.log"))
                    + Sipp.read(work.resolve("messages.log"))).isZero();
        } finally {
            alice.destroyForcibly();
        }
        String messages = Sipp.read(work.resolve("messages.log"));
        assertThat(messages).contains("Messages-Waiting: no\r\nMessage-Account: sip:1001@switchboard.local\r\n"
                + "Voice-Message: 0/0 (0/0)\r\n");
        assertThat(messages).contains("Messages-Waiting: yes\r\nMessage-Account: sip:1001@switchboard.local\r\n"
                + "Voice-Message: 1/0 (0/0)\r\n");
        assertThat(server.mwiSubscriptions()).isEmpty();
        // the lamp counts alice's own box and the box of her group
        assertThat(voicemail.askedGroups).contains(List.of(FakeVoicemail.SUPPORT));
    }

    @Test
    void registeredPhoneWithoutSubscriptionGetsUnsolicitedNotifyForItsGroupsVoicemail(@TempDir Path work)
            throws Exception {
        int phonePort = TestConfig.freePort();
        Sipp.Result registered = Sipp.run("register.xml", "127.0.0.1", port, "u1", "-p", String.valueOf(phonePort));
        assertThat(registered.succeeded()).as(registered.explain()).isTrue();
        Process desk = Sipp.serve("mwi-unsolicited.xml", phonePort, work);
        try {
            Thread.sleep(300); // let SIPp bind before the NOTIFY
            voicemail.counts(FakeCredentials.ALICE, 2, 1);
            events.publish(Topics.RECORDING_UPDATED, Map.of(EventProperties.RECORDING_ID, "r2",
                    EventProperties.KIND, "VOICEMAIL", EventProperties.GROUP_ID, FakeVoicemail.SUPPORT.toString()));

            assertThat(desk.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(desk.exitValue()).as(Sipp.read(work.resolve("errors.log"))
                    + Sipp.read(work.resolve("output.log"))).isZero();
        } finally {
            desk.destroyForcibly();
        }
    }

    // ---- hand-written SUBSCRIBEs -------------------------------------------------------------------

    @Test
    void subscribeIsChallengedAsRegisterIs() throws Exception {
        String response = exchange(subscribe("c1", 1, "alice", null, "message-summary", "600", null));

        assertThat(RawSip.status(response)).isEqualTo(401);
        assertThat(SipText.headers(response, "WWW-Authenticate")).singleElement()
                .satisfies(h -> assertThat(SipText.param(h, "realm")).isEqualTo("switchboard.local"));
        assertThat(server.mwiSubscriptions()).isEmpty();
    }

    @Test
    void wrongPasswordGetsNoSubscription() throws Exception {
        String challenge = exchange(subscribe("c2", 1, "alice", null, "message-summary", "600", null));
        String authorization = SipText.authorization(SipText.headers(challenge, "WWW-Authenticate").get(0),
                "SUBSCRIBE", "sip:alice@switchboard.local", "alice", "not-alice-secret", "00000001");

        String response = exchange(subscribe("c2", 2, "alice", null, "message-summary", "600", authorization));

        assertThat(RawSip.status(response)).isEqualTo(401);
        assertThat(server.mwiSubscriptions()).isEmpty();
    }

    @Test
    void guessingPasswordsWithSubscribeBlocksTheAddressWith403AsRegisterDoes() throws Exception {
        try (RawSip guesser = new RawSip(InetAddress.getByName("127.0.0.3"), port)) {
            guesser.send(subscribe("g1", 1, "alice", null, "message-summary", "600", null));
            String challenge = guesser.receive(WAIT).orElseThrow();
            String header = SipText.headers(challenge, "WWW-Authenticate").get(0);
            int status = 401;
            for (int attempt = 1; attempt <= 30 && status == 401; attempt++) {
                String wrong = SipText.authorization(header, "SUBSCRIBE", "sip:alice@switchboard.local", "alice",
                        "guess-" + attempt, String.format("%08x", attempt));
                guesser.send(subscribe("g1", attempt + 1, "alice", null, "message-summary", "600", wrong));
                status = RawSip.status(guesser.receive(WAIT).orElseThrow());
            }

            assertThat(status).isEqualTo(403);
            assertThat(server.isBlocked(InetAddress.getByName("127.0.0.3"))).isTrue();
        }
        assertThat(server.mwiSubscriptions()).isEmpty();
    }

    @Test
    void anotherAgentsMailboxIsForbidden() throws Exception {
        String response = authenticated("c3", "bob", null, "message-summary", "600");

        assertThat(RawSip.status(response)).isEqualTo(403);
        assertThat(server.mwiSubscriptions()).isEmpty();
    }

    @Test
    void theAgentsExtensionNamesTheirMailboxTooAndLongSubscriptionsAreCapped() throws Exception {
        String response = authenticated("c4", "1001", null, "message-summary", "86400");

        assertThat(RawSip.status(response)).isEqualTo(200);
        assertThat(SipText.headers(response, "Expires")).containsExactly("3600");
        assertThat(SipText.headers(response, "Contact")).hasSize(1);
        String notify = receiveNotify();
        assertThat(SipText.headers(notify, "Subscription-State")).singleElement().asString()
                .matches("active;expires=(3600|3599)");
        assertThat(SipText.headers(notify, "Event")).containsExactly("message-summary");
        assertThat(SipText.headers(notify, "Content-Type")).containsExactly("application/simple-message-summary");
        assertThat(body(notify)).isEqualTo("Messages-Waiting: no\r\nMessage-Account: sip:1001@switchboard.local\r\n"
                + "Voice-Message: 0/0 (0/0)\r\n");
        assertThat(server.mwiSubscriptions()).singleElement()
                .satisfies(s -> assertThat(s.agentId()).isEqualTo(FakeCredentials.ALICE));
    }

    @Test
    void otherEventPackagesGet489NamingTheOneWeServe() throws Exception {
        String presence = exchange(subscribe("c5", 1, "alice", null, "presence", "600", null));
        String none = exchange(subscribe("c6", 1, "alice", null, null, "600", null));

        assertThat(RawSip.status(presence)).isEqualTo(489);
        assertThat(SipText.headers(presence, "Allow-Events")).containsExactly("message-summary");
        assertThat(RawSip.status(none)).isEqualTo(489);
    }

    @Test
    void tooShortASubscriptionGets423WithMinExpires() throws Exception {
        String response = authenticated("c7", "alice", null, "message-summary", "10");

        assertThat(RawSip.status(response)).isEqualTo(423);
        assertThat(SipText.headers(response, "Min-Expires")).containsExactly("60");
        assertThat(server.mwiSubscriptions()).isEmpty();
    }

    @Test
    void aPhoneSubscribingAnewReplacesItsOldSubscriptionAndAnAgentHasAtMostMaxContacts() throws Exception {
        server.close();
        phone.close();
        startServer(Map.of("maxContactsPerAgent", 2));
        phone = new RawSip(InetAddress.getLoopbackAddress(), port);
        try (RawSip second = new RawSip(InetAddress.getLoopbackAddress(), port);
                RawSip third = new RawSip(InetAddress.getLoopbackAddress(), port)) {
            assertThat(RawSip.status(authenticated("x1", "alice", null, "message-summary", "600"))).isEqualTo(200);
            answer(receiveNotify());
            assertThat(RawSip.status(authenticated("x2", "alice", null, "message-summary", "600"))).isEqualTo(200);
            answer(receiveNotify());
            assertThat(server.mwiSubscriptions()).singleElement()
                    .satisfies(s -> assertThat(s.key().callId()).isEqualTo("x2"));

            assertThat(RawSip.status(authenticated(second, "x3", "alice", null, "message-summary", "600")))
                    .isEqualTo(200);
            String refused = authenticated(third, "x4", "alice", null, "message-summary", "600");

            assertThat(RawSip.status(refused)).isEqualTo(403);
            assertThat(server.mwiSubscriptions()).hasSize(2);
        }
    }

    @Test
    void refreshOfASubscriptionWeDoNotHaveGets481() throws Exception {
        String response = authenticated("c8", "alice", "no-such-tag", "message-summary", "600");

        assertThat(RawSip.status(response)).isEqualTo(481);
    }

    @Test
    void malformedSubscribesGetAClearErrorAndTheServerKeepsServing() throws Exception {
        String noUser = exchange("""
                SUBSCRIBE sip:switchboard.local SIP/2.0
                Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH
                Max-Forwards: 70
                From: <sip:alice@switchboard.local>;tag=m1
                To: <sip:switchboard.local>
                Call-ID: $CALLID
                CSeq: 1 SUBSCRIBE
                Contact: <sip:alice@$LOCAL>
                Event: message-summary
                Content-Length: 0

                """);
        String otherDomain = exchange(subscribe("m2", 1, "alice", null, "message-summary", "600", null)
                .replace("To: <sip:alice@switchboard.local>", "To: <sip:alice@elsewhere.example>"));
        String notAcceptable = exchange(subscribe("m3", 1, "alice", null, "message-summary", "600", null)
                .replace("Content-Length: 0", "Accept: application/pidf+xml\nContent-Length: 0"));
        // jain-sip itself refuses a dialog-creating request without Contact, before any challenge
        String noContact = exchange(subscribe("m4", 1, "alice", null, "message-summary", "600", null)
                .replace("Contact: <sip:alice@$LOCAL>\n", ""));

        assertThat(RawSip.status(noUser)).isEqualTo(404);
        assertThat(RawSip.status(otherDomain)).isEqualTo(404);
        assertThat(RawSip.status(notAcceptable)).isEqualTo(406);
        assertThat(RawSip.status(noContact)).isEqualTo(400);
        assertThat(server.mwiSubscriptions()).isEmpty();
        String options = exchange("""
                OPTIONS sip:127.0.0.1 SIP/2.0
                Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH
                Max-Forwards: 70
                From: <sip:probe@example.org>;tag=1
                To: <sip:127.0.0.1>
                Call-ID: $CALLID
                CSeq: 1 OPTIONS
                Content-Length: 0

                """);
        assertThat(RawSip.status(options)).isEqualTo(200);
        assertThat(SipText.headers(options, "Allow").get(0)).contains("SUBSCRIBE");
    }

    @Test
    void aBurstOfVoicemailEventsGivesOneNotifyWithTheLatestCounts() throws Exception {
        assertThat(RawSip.status(authenticated("b1", "alice", null, "message-summary", "600"))).isEqualTo(200);
        answer(receiveNotify());

        for (int i = 1; i <= 5; i++) {
            voicemail.counts(FakeCredentials.ALICE, i, 0);
            events.publish(Topics.RECORDING_READY, Map.of(EventProperties.KIND, "VOICEMAIL",
                    EventProperties.AGENT_ID, FakeCredentials.ALICE.toString()));
        }
        events.publish(Topics.RECORDING_READY, Map.of(EventProperties.KIND, "CALL",
                EventProperties.AGENT_ID, FakeCredentials.ALICE.toString()));

        String notify = receiveNotify();
        answer(notify);
        assertThat(body(notify)).contains("Voice-Message: 5/0 (0/0)");
        assertThat(phone.receive(Duration.ofMillis(800))).isEmpty();
    }

    @Test
    void withUnsolicitedOffAPhoneThatDidNotSubscribeHearsNothing() throws Exception {
        server.close();
        phone.close();
        startServer(Map.of("mwiUnsolicited", false));
        phone = new RawSip(InetAddress.getLoopbackAddress(), port);
        assertThat(RawSip.status(registerAlice())).isEqualTo(200);

        voicemail.counts(FakeCredentials.ALICE, 1, 0);
        events.publish(Topics.RECORDING_READY, Map.of(EventProperties.KIND, "VOICEMAIL",
                EventProperties.AGENT_ID, FakeCredentials.ALICE.toString()));

        assertThat(phone.receive(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void withUnsolicitedOnTheSamePhoneGetsAnOutOfDialogNotify() throws Exception {
        assertThat(RawSip.status(registerAlice())).isEqualTo(200);

        voicemail.counts(FakeCredentials.ALICE, 1, 0);
        events.publish(Topics.RECORDING_READY, Map.of(EventProperties.KIND, "VOICEMAIL",
                EventProperties.AGENT_ID, FakeCredentials.ALICE.toString()));

        String notify = receiveNotify();
        answer(notify);
        assertThat(notify).startsWith("NOTIFY sip:alice@" + phone.local());
        assertThat(SipText.headers(notify, "To").get(0)).doesNotContain("tag=");
        assertThat(body(notify)).contains("Messages-Waiting: yes", "Voice-Message: 1/0 (0/0)");
    }

    @Test
    void aSubscriptionNotRefreshedEndsWithATimeoutNotify() throws Exception {
        server.close();
        phone.close();
        startServer(Map.of("minExpires", 1));
        phone = new RawSip(InetAddress.getLoopbackAddress(), port);

        assertThat(RawSip.status(authenticated("t1", "alice", null, "message-summary", "1"))).isEqualTo(200);
        answer(receiveNotify());

        String last = receiveNotify();
        answer(last);
        assertThat(SipText.headers(last, "Subscription-State")).containsExactly("terminated;reason=timeout");
        assertThat(server.mwiSubscriptions()).isEmpty();
    }

    @Test
    void whileTheStoreIsAwayTheLampIsUnknownAndItIsSentWhenTheStoreReturns() throws Exception {
        server.unbindRecordings(voicemail);
        assertThat(RawSip.status(authenticated("s1", "alice", null, "message-summary", "600"))).isEqualTo(200);
        String unknown = receiveNotify();
        answer(unknown);
        assertThat(body(unknown)).isEmpty();

        voicemail.counts(FakeCredentials.ALICE, 3, 2);
        server.bindRecordings(voicemail);

        String known = receiveNotify();
        answer(known);
        assertThat(body(known)).contains("Voice-Message: 3/2 (0/0)");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private String subscribe(String callId, int cseq, String mailbox, String toTag, String event, String expires,
            String authorization) {
        return "SUBSCRIBE sip:" + mailbox + "@switchboard.local SIP/2.0\n"
                + "Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:alice@switchboard.local>;tag=f-" + callId + "\n"
                + "To: <sip:" + mailbox + "@switchboard.local>" + (toTag == null ? "" : ";tag=" + toTag) + "\n"
                + "Call-ID: " + callId + "\n"
                + "CSeq: " + cseq + " SUBSCRIBE\n"
                + "Contact: <sip:alice@$LOCAL>\n"
                + (event == null ? "" : "Event: " + event + "\n")
                + "Expires: " + expires + "\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\n")
                + "Content-Length: 0\n\n";
    }

    private String authenticated(String callId, String mailbox, String toTag, String event, String expires)
            throws Exception {
        return authenticated(phone, callId, mailbox, toTag, event, expires);
    }

    /** The SUBSCRIBE, its 401, then again with alice's digest: the final answer. */
    private String authenticated(RawSip sip, String callId, String mailbox, String toTag, String event,
            String expires) throws Exception {
        String challenge = exchange(sip, subscribe(callId, 1, mailbox, toTag, event, expires, null));
        assertThat(RawSip.status(challenge)).as(challenge).isEqualTo(401);
        String authorization = SipText.authorization(SipText.headers(challenge, "WWW-Authenticate").get(0),
                "SUBSCRIBE", "sip:" + mailbox + "@switchboard.local", "alice", "alice-secret", "00000001");
        return exchange(sip, subscribe(callId, 2, mailbox, toTag, event, expires, authorization));
    }

    private String registerAlice() throws Exception {
        String register = """
                REGISTER sip:127.0.0.1 SIP/2.0
                Via: SIP/2.0/UDP $LOCAL;branch=$BRANCH
                Max-Forwards: 70
                From: <sip:alice@switchboard.local>;tag=r1
                To: <sip:alice@switchboard.local>
                Call-ID: reg-raw
                CSeq: %d REGISTER
                Contact: <sip:alice@$LOCAL>
                Expires: 600
                %sContent-Length: 0

                """;
        String challenge = exchange(register.formatted(1, ""));
        String authorization = SipText.authorization(SipText.headers(challenge, "WWW-Authenticate").get(0),
                "REGISTER", "sip:127.0.0.1", "alice", "alice-secret", "00000001");
        return exchange(register.formatted(2, "Authorization: " + authorization + "\n"));
    }

    private String exchange(String message) throws Exception {
        return exchange(phone, message);
    }

    private static String exchange(RawSip sip, String message) throws Exception {
        sip.send(message);
        return sip.receive(WAIT).orElseThrow(() -> new AssertionError("no response to\n" + message));
    }

    private String receiveNotify() throws Exception {
        Optional<String> message = phone.receive(WAIT);
        assertThat(message).as("a NOTIFY").isPresent();
        assertThat(message.get()).startsWith("NOTIFY ");
        return message.get();
    }

    /** 200 to a NOTIFY, so the server does not retransmit it. */
    private void answer(String notify) throws Exception {
        StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\n");
        for (String name : List.of("Via", "From", "To", "Call-ID", "CSeq")) {
            for (String value : SipText.headers(notify, name)) {
                ok.append(name).append(": ").append(value).append(name.equals("To") && !value.contains("tag=")
                        ? ";tag=phone" : "").append('\n');
            }
        }
        phone.send(ok.append("Content-Length: 0\n\n").toString());
    }

    private static String body(String message) {
        int blank = message.indexOf("\r\n\r\n");
        return blank < 0 ? "" : message.substring(blank + 4);
    }

    private void awaitSubscriptions(int count, Process sipp, Path work) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (server.mwiSubscriptions().size() < count) {
            if (System.nanoTime() > deadline || !sipp.isAlive()) {
                throw new AssertionError("no subscription; SIPp said:\n" + Sipp.read(work.resolve("errors.log"))
                        + Sipp.read(work.resolve("output.log")));
            }
            Thread.sleep(50);
        }
    }
}
