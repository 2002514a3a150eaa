package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.number.NumberTarget;
import org.switchboard.api.number.RingStrategy;

/**
 * The telephony flows end to end on the real distribution, with SIPp phones and a SIPp carrier on
 * the demo trunk: outbound calls with the chosen caller ID (and 403 for a foreign one), click-to-call,
 * hold from REST with music at the held phone, DTMF from the agent's dialpad, blind transfer by
 * REFER, CANCEL before answer, group hunting past a member who does not answer, the simulated caller,
 * sb:trunks, and garbage on the SIP port.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TelephonyIT extends TelephonyTestSupport {
    @Configuration
    public Option[] config() {
        return telephonyConfig();
    }

    @Test
    public void anOutboundCallLeavesThroughTheTrunkWithTheCallerIdTheAgentChose() throws Exception {
        Phone carrier = carrier("answer.xml");

        aliceCalls("call-as.xml", OUTSIDE, "-key", "cid", "+15550100");

        carrier.assertDone();
        String wire = carrier.messages();
        assertTrue(wire, wire.contains("INVITE sip:" + OUTSIDE + "@127.0.0.1:" + TRUNK));
        assertTrue(wire, wire.matches("(?s).*From: [^\\n]*<sip:\\+15550100@switchboard\\.local>.*"));
        assertTrue(wire, wire.contains("P-Asserted-Identity: <sip:+15550100@switchboard.local>"));
        assertTrue("one hop less than alice's 70: " + wire, wire.contains("Max-Forwards: 69"));
        CallLog log = awaitLog(l -> l.to().equals(OUTSIDE));
        assertEquals(CallDirection.OUTBOUND, log.direction());
        assertEquals(Disposition.ANSWERED, log.disposition());
    }

    @Test
    public void aCarrierThatChallengesOurInviteGetsTheTrunksCredentials() throws Exception {
        Phone carrier = carrier("carrier-challenge.xml", "-key", "user", "switchboard-trunk", "-key", "pass",
                "trunk-secret");

        aliceCalls("call-as.xml", OUTSIDE, "-key", "cid", "+15550101");

        carrier.assertDone();
        String wire = carrier.messages();
        assertTrue(wire, wire.contains("Authorization: Digest username=\"switchboard-trunk\""));
        assertTrue(wire, wire.contains("SIP/2.0 200 OK"));
    }

    @Test
    public void aCallerIdThatIsNotTheAgentsIsRefusedWith403AndNothingLeaves() throws Exception {
        Phone carrier = carrier("answer.xml");
        try {
            aliceCalls("call-forbidden.xml", OUTSIDE, "-key", "cid", "+15559990000");

            TimeUnit.MILLISECONDS.sleep(500);
            assertTrue(carrier.messages(), carrier.process().isAlive());
            assertFalse("the carrier got nothing: " + carrier.messages(), carrier.messages().contains("INVITE"));
            assertTrue(calls().active().isEmpty());
        } finally {
            carrier.process().destroyForcibly();
        }
    }

    @Test
    public void clickToCallRingsTheAgentsPhoneThenTheTarget() throws Exception {
        Phone alicePhone = phone("alice", "answer.xml");
        Phone bobPhone = phone("bob", "answer.xml");
        String token = login("alice", "alice-secret");

        Answer refused = post("/calls", token, "{\"to\":\"" + OUTSIDE + "\",\"callerId\":\"+15559990000\"}");
        assertEquals(refused.body().toString(), 403, refused.status());
        assertEquals("forbidden", refused.body().get("error").asText());
        assertEquals(400, post("/calls", token, "{\"to\":\"\"}").status());

        Answer created = post("/calls", token, "{\"to\":\"1002\"}");

        assertEquals(created.body().toString(), 201, created.status());
        String callId = created.body().get("id").asText();
        await("alice and bob talking", () -> calls().find(UUID.fromString(callId))
                .map(c -> c.state() == CallState.ACTIVE).orElse(false));
        assertEquals(200, post("/calls/" + callId + "/hangup", token, "{}").status());
        alicePhone.assertDone();
        bobPhone.assertDone();
        // alice's phone showed whom she was calling; the call log names her by extension
        assertTrue(alicePhone.messages().contains("\"Call to 1002\""));
        assertEquals("1001", awaitLog(l -> l.id().equals(UUID.fromString(callId))).from());
    }

    @Test
    public void holdFromRestPlaysMusicToTheHeldPhoneAndResumeStopsIt() throws Exception {
        phone("bob", "answer.xml");
        try (RtpCapture aliceEar = new RtpCapture()) {
            Phone alice = aliceStartsCalling("call-held.xml", "1002", "-key", "mport", String.valueOf(aliceEar.port()));
            Call call = awaitActiveCall();
            String bob = login("bob", "bob-secret");
            TimeUnit.MILLISECONDS.sleep(1000);
            List<RtpCapture.Packet> beforeHold = aliceEar.take();

            assertEquals(200, post("/calls/" + call.id() + "/hold", bob, "{}").status());
            TimeUnit.MILLISECONDS.sleep(2000);
            List<RtpCapture.Packet> onHold = aliceEar.take();
            assertEquals(200, post("/calls/" + call.id() + "/resume", bob, "{}").status());
            TimeUnit.MILLISECONDS.sleep(500);
            aliceEar.take();
            TimeUnit.MILLISECONDS.sleep(300);
            List<RtpCapture.Packet> afterResume = aliceEar.take();

            // bob's phone sends no audio: before the hold alice hears nothing, on hold she hears music
            assertTrue("before hold: " + beforeHold.size(), RtpCapture.audioPackets(beforeHold) < 5);
            assertTrue("on hold: " + onHold.size() + " packets", RtpCapture.audioPackets(onHold) >= 80);
            assertTrue("music loudness " + RtpCapture.loudness(onHold), RtpCapture.loudness(onHold) > 300);
            assertTrue("after resume: " + afterResume.size(), RtpCapture.audioPackets(afterResume) < 5);
            alice.assertDone();
        }
    }

    @Test
    public void dtmfFromTheAgentsDialpadReachesTheOtherPartyAsRfc4733Events() throws Exception {
        phone("bob", "answer.xml");
        try (RtpCapture aliceEar = new RtpCapture()) {
            Phone alice = aliceStartsCalling("call-long.xml", "1002", "-key", "mport", String.valueOf(aliceEar.port()));
            Call call = awaitActiveCall();
            String bob = login("bob", "bob-secret");

            assertEquals(400, post("/calls/" + call.id() + "/dtmf", bob, "{\"digits\":\"12x\"}").status());
            assertEquals(200, post("/calls/" + call.id() + "/dtmf", bob, "{\"digits\":\"159#\"}").status());
            TimeUnit.MILLISECONDS.sleep(1500);

            assertEquals("159#", RtpCapture.digits(aliceEar.take(), 101));
            alice.assertDone();
        }
    }

    @Test
    public void aLateOfferIsAnsweredInTheAckAndTheAudioGoesWhereTheAckSaid() throws Exception {
        phone("bob", "answer.xml");
        try (RtpCapture aliceEar = new RtpCapture()) {
            Phone alice = aliceStartsCalling("call-late.xml", "1002", "-key", "mport", String.valueOf(aliceEar.port()));
            Call call = awaitActiveCall();
            TimeUnit.MILLISECONDS.sleep(300); // the ACK with alice's answer follows our 200

            assertEquals(200, post("/calls/" + call.id() + "/dtmf", login("bob", "bob-secret"),
                    "{\"digits\":\"7\"}").status());
            TimeUnit.MILLISECONDS.sleep(800);

            assertEquals("the digit reached the address and payload type of alice's ACK", "7",
                    RtpCapture.digits(aliceEar.take(), 101));
            alice.assertDone();
        }
    }

    @Test
    public void aPhoneTransfersTheCallerBlindWithRefer() throws Exception {
        Instant since = Instant.now();
        Phone bobPhone = phone("bob", "answer-refer.xml", "-key", "target", "1003");
        Phone carolPhone = phone("carol", "answer.xml");
        try (RtpCapture aliceEar = new RtpCapture()) {
            aliceCalls("call-long.xml", "1002", "-key", "mport", String.valueOf(aliceEar.port()));
        }
        bobPhone.assertDone();
        carolPhone.assertDone();
        // one call, one log: answered by bob, who handed it to carol (whose phone answered and got the BYE)
        UUID bob = agentId("bob");
        CallLog log = awaitLog(l -> l.to().equals("1002") && l.startedAt().isAfter(since));
        assertEquals(Disposition.ANSWERED, log.disposition());
        assertEquals(Optional.of(bob), log.agentId());
        assertTrue("talk time " + log.talkTime(), log.talkTime().compareTo(Duration.ofSeconds(5)) >= 0);
    }

    @Test
    public void anAgentTransfersBlindFromRestToAGroupNumber() throws Exception {
        UUID carol = carolsDeskAt("+15550198", "transfer-it");
        phone("bob", "answer.xml");
        Phone carolPhone = phone("carol", "answer.xml");
        try (RtpCapture aliceEar = new RtpCapture()) {
            Phone alice = aliceStartsCalling("call-long.xml", "1002", "-key", "mport", String.valueOf(aliceEar.port()));
            Call call = awaitActiveCall();

            Answer transferred = post("/calls/" + call.id() + "/transfer", login("bob", "bob-secret"),
                    "{\"target\":\"+15550198\",\"mode\":\"blind\"}");

            assertEquals(transferred.body().toString(), 200, transferred.status());
            await("carol took the call", () -> calls().find(call.id()).map(c -> c.state() == CallState.ACTIVE
                    && c.agentId().equals(Optional.of(carol))).orElse(false));
            alice.assertDone();
            carolPhone.assertDone();
        }
    }

    @Test
    public void anAgentRejectsARingingCallFromThePanelAndTheCallerGoesToVoicemail() throws Exception {
        Phone bobPhone = phone("bob", "ring-cancelled.xml");
        Phone alice = aliceStartsCalling("call.xml", "1002"); // answered by bob's voicemail, hangs up during the greeting
        String bob = login("bob", "bob-secret");
        Call[] ringing = new Call[1];
        await("bob's phone ringing", () -> calls().active().stream()
                .filter(c -> c.legs().stream().anyMatch(l -> l.role() == LegRole.CALLEE && l.state() == LegState.RINGING))
                .findFirst().map(c -> ringing[0] = c).isPresent());

        Answer answer = post("/calls/" + ringing[0].id() + "/answer", bob, "{}");
        Answer reject = post("/calls/" + ringing[0].id() + "/reject", bob, "{}");

        assertEquals("a SIP phone is answered on the phone: " + answer.body(), 409, answer.status());
        assertEquals(reject.body().toString(), 200, reject.status());
        alice.assertDone(); // 200 OK from voicemail
        bobPhone.assertDone(); // its ringing was cancelled
        assertEquals(Disposition.VOICEMAIL, awaitLog(l -> l.id().equals(ringing[0].id())).disposition());
    }

    @Test
    public void aCallerWhoGivesUpBeforeAnswerCancelsTheRingingPhone() throws Exception {
        Instant since = Instant.now();
        Phone bobPhone = phone("bob", "ring-cancelled.xml");

        aliceCalls("call-cancel.xml", "1002");

        bobPhone.assertDone();
        assertTrue(calls().active().isEmpty());
        assertEquals(Disposition.MISSED, awaitLog(l -> l.to().equals("1002") && l.startedAt().isAfter(since))
                .disposition());
    }

    @Test
    public void aRoundRobinGroupMovesOnWhenAMemberDoesNotAnswerInTime() throws Exception {
        AgentService agents = awaitService(AgentService.class);
        UUID alice = agentId("alice");
        UUID bob = agentId("bob");
        NumberRepository numbers = awaitService(NumberRepository.class);
        Group hunt = numbers.saveGroup(new Group(UUID.randomUUID(), "hunt-it", RingStrategy.ROUND_ROBIN,
                List.of(alice, bob), Duration.ofSeconds(3), false, Optional.empty()));
        numbers.assign(new NumberAssignment(E164.of("+15550199"), new NumberTarget.ToGroup(hunt.id()), "Hunt test"));
        agents.setPresence(alice, Presence.AVAILABLE);
        agents.setPresence(bob, Presence.AVAILABLE);
        Phone alicePhone = phone("alice", "ring-cancelled.xml");
        Phone bobPhone = phone("bob", "answer.xml");

        String carrier = SipSupport.sipp("carrier-call.xml", TRUNK, SIP, "-s", "+15550199");

        assertTrue(carrier, carrier.startsWith("exit 0"));
        alicePhone.assertDone(); // rang, and was cancelled after the group's 3 s
        bobPhone.assertDone(); // answered
        CallLog log = awaitLog(l -> l.to().equals("+15550199"));
        assertEquals(CallDirection.INBOUND, log.direction());
        assertEquals(Optional.of(bob), log.agentId());
        assertEquals(Disposition.ANSWERED, log.disposition());
        assertTrue("the caller is matched to Hanako in the local CRM", log.contactId().isPresent());
        Duration waited = Duration.between(log.startedAt(), log.answeredAt().orElseThrow());
        assertTrue("answered after " + waited, waited.compareTo(Duration.ofSeconds(3)) >= 0);
    }

    @Test
    public void anAgentWithTwoPhonesHasBothRungAndTheOtherCancelledWhenOneAnswers() throws Exception {
        Phone mobile = phone("bob", "ring-cancelled.xml");
        Phone desk = phone("bob", "answer.xml");

        aliceCalls("call.xml", "1002");

        desk.assertDone();
        mobile.assertDone();
        assertTrue(mobile.messages(), mobile.messages().contains("Call completed elsewhere"));
    }

    @Test
    public void aPhoneThatRingsReliablyGetsItsPrack() throws Exception {
        Phone bobPhone = phone("bob", "answer-100rel.xml");

        aliceCalls("call.xml", "1002");

        bobPhone.assertDone();
    }

    @Test
    public void sessionTimersAreGrantedAndRefreshedAndTooShortIntervalsRefused() throws Exception {
        Phone bobPhone = phone("bob", "answer.xml");

        aliceCalls("call-timer-small.xml", "1002");
        aliceCalls("call-timer.xml", "1002");

        bobPhone.assertDone();
    }

    @Test
    public void aPhoneThatHoldsTheCallMakesTheOtherPartyHearMusic() throws Exception {
        // alice's phone holds with a=sendonly: core holds bob, whose phone is told (a=sendonly) and hears music
        try (RtpCapture bobEar = new RtpCapture()) {
            Phone bobPhone = phone("bob", "answer-held.xml", "-key", "mport", String.valueOf(bobEar.port()));
            Phone alice = aliceStartsCalling("call-holds.xml", "1002");
            Call call = awaitActiveCall();
            bobEar.take();

            await("alice's phone held the call", () -> calls().find(call.id())
                    .map(c -> c.state() == CallState.HELD).orElse(false));
            TimeUnit.MILLISECONDS.sleep(1500);
            List<RtpCapture.Packet> onHold = bobEar.take();
            await("alice's phone resumed", () -> calls().find(call.id())
                    .map(c -> c.state() != CallState.HELD).orElse(true));

            assertTrue("bob heard " + onHold.size() + " packets on hold", RtpCapture.audioPackets(onHold) >= 60);
            assertTrue("music loudness " + RtpCapture.loudness(onHold), RtpCapture.loudness(onHold) > 300);
            alice.assertDone();
            bobPhone.assertDone();
        }
    }

    @Test
    public void rfc4733DigitsFromOnePhoneReachTheOther() throws Exception {
        try (RtpCapture bobEar = new RtpCapture()) {
            Phone bobPhone = phone("bob", "answer-media.xml", "-key", "mport", String.valueOf(bobEar.port()));

            aliceCalls("call-dtmf.xml", "1002");

            assertEquals("1", RtpCapture.digits(bobEar.take(), 101));
            bobPhone.assertDone();
        }
    }

    @Test
    public void sbTrunksListsTheDemoTrunk() throws Exception {
        String table = executeCommand("sb:trunks");

        assertTrue(table, table.matches("(?s).*pstn\\s*\\|\\s*127\\.0\\.0\\.1:" + TRUNK + "\\s*\\|\\s*UDP\\s*\\|"
                + "\\s*not registering\\s*\\|\\s*0.*"));
    }

    @Test
    public void theSimulatedCallerSpeaksToTheAgentWhoAnswers() throws Exception {
        try (RtpCapture bobEar = new RtpCapture()) {
            Phone bobPhone = phone("bob", "answer-media.xml", "-key", "mport", String.valueOf(bobEar.port()));
            BlockingQueue<JsonNode> bobsPanel = new LinkedBlockingQueue<>();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + HTTP_PORT
                    + "/api/v1/ws?token=" + login("bob", "bob-secret")), collector(bobsPanel)).get(10, TimeUnit.SECONDS);

            long placed = System.nanoTime();
            String output = executeCommand("sb:simulate-inbound +15551230001 1002");

            assertTrue(output, output.contains("from +15551230001 to 1002"));
            // the screen pop: bob's panel learns who calls while his phone rings
            JsonNode pop = nextCallEvent(bobsPanel, e -> e.has("contactName"));
            System.out.printf("screen pop %s after %d ms%n", pop, (System.nanoTime() - placed) / 1_000_000);
            assertEquals("Hanako Yamada", pop.path("contactName").asText());
            assertEquals("+15551230001", pop.path("from").asText());
            socket.abort();
            Call call = awaitActiveCall();
            assertEquals("Hanako Yamada", call.contact().map(c -> c.name()).orElse("no CRM match"));
            TimeUnit.MILLISECONDS.sleep(3000);
            List<RtpCapture.Packet> heard = bobEar.take();
            assertTrue("prompt packets: " + heard.size(), RtpCapture.audioPackets(heard) >= 100);
            assertTrue("prompt loudness " + RtpCapture.loudness(heard), RtpCapture.loudness(heard) > 200);
            executeCommand("sb:hangup " + call.id());
            bobPhone.assertDone();
        }
        String refused = executeCommand("sb:simulate-inbound +15551230001 " + OUTSIDE);
        assertTrue(refused, refused.contains("not one of our numbers"));
    }

    @Test
    public void garbageOnTheSipPortIsDroppedAndTheNextCallWorks() throws Exception {
        List<String> torture = List.of(
                "\u0000\u0001\u0002 not sip at all",
                "INVITE sip:1002@127.0.0.1 SIP/7.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKx\r\n\r\n",
                "INVITE sip:1002@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKy\r\n"
                        + "Content-Length: -999\r\n\r\n",
                "OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKz\r\n"
                        + "Max-Forwards: 70\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCSeq: 1 OPTIONS\r\n\r\n");
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (String message : torture) {
                byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
                socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), SIP));
            }
        }
        TimeUnit.MILLISECONDS.sleep(300);
        Phone bobPhone = phone("bob", "answer.xml");

        aliceCalls("call.xml", "1002");

        bobPhone.assertDone();
    }
}
