package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.LegState;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Disposition;

/**
 * Warm transfer and server-side mute with real SIP peers and the B2BUA on (CallControlIT covers
 * the same REST calls against core alone): alice's SIPp phone calls bob's, bob consults a third
 * party (carol's phone, the carrier on the trunk, a group) while alice hears hold music, then
 * completes or cancels. What is asserted is what the people would notice: the SIP each phone gets,
 * the audio at alice's ear, bob's panel, and the call log.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransferIT extends TelephonyTestSupport {
    /** Mean amplitude above which a window holds music or speech rather than silence. */
    private static final double LOUD = 300;
    /** What answer-audio.xml and call-audio.xml say: 7 s of speech (quiet for the first second). */
    private static final Path SPEECH = Path.of("/usr/share/sip-tester/g711a.pcap");

    @Configuration
    public Option[] config() {
        return telephonyConfig();
    }

    @Test
    public void warmTransferToAnAgentJoinsTheCallerWithThemAndBobsPanelFollows() throws Exception {
        Phone carolPhone = phone("carol", "answer-audio.xml");
        BlockingQueue<JsonNode> bobsPanel = stampedQueue();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + HTTP_PORT
                + "/api/v1/ws?token=" + login("bob", "bob-secret")), collector(bobsPanel)).get(10, TimeUnit.SECONDS);
        try {
            Transfer transfer = warmTransferCompletes("1003", carolPhone);

            List<JsonNode> events = new ArrayList<>(bobsPanel);
            events.forEach(e -> System.out.printf("bob's panel +%d ms: %s%n", millis(e, transfer.requested()), e));
            // bob's panel: alice held when he consulted, the call transferred and his consultation ended
            JsonNode held = first(events, "HELD", transfer.callId().toString());
            JsonNode transferred = first(events, "TRANSFERRED", transfer.callId().toString());
            JsonNode ended = first(events, "ENDED", transfer.consultId());
            System.out.printf("bob's panel: HELD %d ms after the transfer request, TRANSFERRED %d ms and ENDED (%s)"
                    + " %d ms after the complete request%n", millis(held, transfer.requested()),
                    millis(transferred, transfer.completed()), ended.path("reason").asText(),
                    millis(ended, transfer.completed()));
            assertTrue(held.toString(), held.path("held").asBoolean());
            assertEquals(ended.toString(), "TRANSFERRED", ended.path("reason").asText());
        } finally {
            socket.abort();
        }
    }

    @Test
    public void warmTransferToAnOutsideNumberLeavesThroughTheTrunk() throws Exception {
        Phone carrier = carrier("answer-audio.xml");

        warmTransferCompletes(OUTSIDE, carrier);

        assertTrue(carrier.messages(), carrier.messages().contains("INVITE sip:" + OUTSIDE + "@127.0.0.1:" + TRUNK));
    }

    /**
     * After the transfer the consulted phone's dialog belongs to the caller's call: when it holds
     * and resumes, the caller is held (a=sendonly) and resumed (a=sendrecv) like in any other call.
     */
    @Test
    public void theTransferTargetHoldsAndResumesTheCallerAfterTheTransfer() throws Exception {
        Phone bobPhone = phone("bob", "answer.xml");
        Phone carolPhone = phone("carol", "answer-then-holds.xml");
        try (RtpCapture aliceEar = new RtpCapture()) {
            Phone alice = aliceStartsCalling("call-consulted-then-held.xml", "1002", "-key", "mport",
                    String.valueOf(aliceEar.port()));
            Call call = awaitActiveCall();
            String bob = login("bob", "bob-secret");
            String consultId = consult(bob, call, "1003");

            assertEquals(200, post("/calls/" + consultId + "/complete-transfer", bob, "{}").status());

            bobPhone.assertDone();
            await("carol's phone held alice", () -> calls().find(call.id())
                    .map(c -> c.state() == CallState.HELD).orElse(false));
            await("and took her off hold", () -> calls().find(call.id())
                    .map(c -> c.state() == CallState.ACTIVE).orElse(false));
            alice.assertDone(); // held and resumed by carol, then hung up
            carolPhone.assertDone();
        }
    }

    @Test
    public void aCancelledWarmTransferHangsUpTheConsultedPhoneAndBringsTheCallerBackToTheAgent() throws Exception {
        Phone bobPhone = phone("bob", "answer-audio.xml");
        Phone carolPhone = phone("carol", "answer.xml");
        try (RtpCapture aliceEar = new RtpCapture()) {
            Phone alice = aliceStartsCalling("call-consulted.xml", "1002", "-key", "mport", String.valueOf(aliceEar.port()));
            Call call = awaitActiveCall();
            String bob = login("bob", "bob-secret");
            String consultId = consult(bob, call, "1003");
            aliceEar.take();
            TimeUnit.MILLISECONDS.sleep(1500);
            List<RtpCapture.Packet> onHold = aliceEar.take();

            Answer cancelled = post("/calls/" + consultId + "/cancel-transfer", bob, "{}");

            assertEquals(cancelled.body().toString(), 200, cancelled.status());
            carolPhone.assertDone(); // BYE: she had answered
            Call back = calls().find(call.id()).orElseThrow();
            assertEquals(CallState.ACTIVE, back.state());
            assertEquals("alice and bob, nobody else", 2, back.liveLegs().size());
            TimeUnit.MILLISECONDS.sleep(500);
            aliceEar.take();
            TimeUnit.MILLISECONDS.sleep(1000);
            List<RtpCapture.Packet> afterCancel = aliceEar.take();

            assertTrue("on hold: " + onHold.size() + " packets", RtpCapture.audioPackets(onHold) >= 60);
            assertTrue("music loudness " + RtpCapture.loudness(onHold), RtpCapture.loudness(onHold) > LOUD);
            assertEquals("alice does not overhear the consultation", 0, RtpCapture.packetsFrom(onHold, speech()));
            // bob's phone speaks all along: back with him, alice hears his speech and nothing else
            int fromBob = RtpCapture.packetsFrom(afterCancel, speech());
            long audible = afterCancel.stream().filter(p -> RtpCapture.loudness(List.of(p)) > 100).count();
            assertTrue("alice hears bob again: " + fromBob + " of " + afterCancel.size() + " packets", fromBob >= 20);
            assertEquals("no more music", audible, fromBob);
            alice.assertDone();
            bobPhone.assertDone();
        }
    }

    @Test
    public void warmTransferToAGroupNumberConsultsItsFirstAvailableMember() throws Exception {
        UUID carol = carolsDeskAt("+15550197", "warm-desk");
        Phone bobPhone = phone("bob", "answer.xml");
        Phone carolPhone = phone("carol", "answer.xml");
        try (RtpCapture aliceEar = new RtpCapture()) {
            Phone alice = aliceStartsCalling("call-held.xml", "1002", "-key", "mport", String.valueOf(aliceEar.port()));
            Call call = awaitActiveCall();
            String bob = login("bob", "bob-secret");
            String consultId = consult(bob, call, "+15550197");

            Answer completed = post("/calls/" + consultId + "/complete-transfer", bob, "{}");

            assertEquals(completed.body().toString(), 200, completed.status());
            bobPhone.assertDone(); // BYE: bob left
            Call after = calls().find(call.id()).orElseThrow();
            assertTrue(after.toString(), after.liveLegs().stream().anyMatch(l -> l.state() == LegState.ANSWERED
                    && l.party().agentId().equals(Optional.of(carol))));
            alice.assertDone();
            carolPhone.assertDone(); // BYE when alice hung up
        }
    }

    @Test
    public void serverSideMuteSilencesTheAgentsAudioAtTheOtherPhoneAndUnmuteBringsItBack() throws Exception {
        try (RtpCapture bobEar = new RtpCapture()) {
            Phone bobPhone = phone("bob", "answer-media.xml", "-key", "mport", String.valueOf(bobEar.port()));
            Phone alice = aliceStartsCalling("call-audio.xml", "1002");
            Call call = awaitActiveCall();
            String aliceToken = login("alice", "alice-secret");
            TimeUnit.MILLISECONDS.sleep(1000); // her speech starts quietly
            bobEar.take();
            TimeUnit.MILLISECONDS.sleep(1000);
            List<RtpCapture.Packet> speaking = bobEar.take();

            Answer muted = post("/calls/" + call.id() + "/mute", aliceToken, "{}");
            TimeUnit.MILLISECONDS.sleep(300);
            bobEar.take();
            TimeUnit.MILLISECONDS.sleep(1200);
            List<RtpCapture.Packet> whileMuted = bobEar.take();
            Answer unmuted = post("/calls/" + call.id() + "/unmute", aliceToken, "{}");
            TimeUnit.MILLISECONDS.sleep(300);
            bobEar.take();
            TimeUnit.MILLISECONDS.sleep(1000);
            List<RtpCapture.Packet> afterUnmute = bobEar.take();

            assertEquals(muted.body().toString(), 200, muted.status());
            assertEquals(unmuted.body().toString(), 200, unmuted.status());
            assertTrue("alice speaking: " + RtpCapture.audioPackets(speaking) + " packets, loudness "
                    + RtpCapture.loudness(speaking), RtpCapture.loudness(speaking) > LOUD);
            assertTrue("alice muted: loudness " + RtpCapture.loudness(whileMuted), RtpCapture.loudness(whileMuted) < 50);
            assertTrue("alice unmuted: loudness " + RtpCapture.loudness(afterUnmute),
                    RtpCapture.loudness(afterUnmute) > LOUD);
            alice.assertDone();
            bobPhone.assertDone();
        }
    }

    // ---- helpers ------------------------------------------------------------------------

    /** The ids and moments of one warm transfer (nanoTime of each REST request). */
    private record Transfer(UUID callId, String consultId, long requested, long completed) {}

    /**
     * Alice's phone calls bob's; bob consults {@code target}, whose phone answers and speaks: bob hears
     * it while alice hears hold music. Bob completes: his phone gets BYE, alice hears the target's
     * speech, hangs up after a while and the target gets BYE; one call log, answered.
     */
    private Transfer warmTransferCompletes(String target, Phone targetPhone) throws Exception {
        try (RtpCapture aliceEar = new RtpCapture(); RtpCapture bobEar = new RtpCapture()) {
            Phone bobPhone = phone("bob", "answer-media.xml", "-key", "mport", String.valueOf(bobEar.port()));
            Phone alice = aliceStartsCalling("call-consulted.xml", "1002", "-key", "mport", String.valueOf(aliceEar.port()));
            Call call = awaitActiveCall();
            String bob = login("bob", "bob-secret");
            long requested = System.nanoTime();
            String consultId = consult(bob, call, target);
            aliceEar.take();
            bobEar.take();
            TimeUnit.MILLISECONDS.sleep(2000); // the target's speech starts quietly
            List<RtpCapture.Packet> onHold = aliceEar.take();
            List<RtpCapture.Packet> consulting = bobEar.take();

            long completed = System.nanoTime();
            Answer done = post("/calls/" + consultId + "/complete-transfer", bob, "{}");

            assertEquals(done.body().toString(), 200, done.status());
            assertEquals(call.id().toString(), done.body().path("id").asText());
            bobPhone.assertDone(); // BYE: bob left the call
            TimeUnit.MILLISECONDS.sleep(500);
            aliceEar.take();
            TimeUnit.MILLISECONDS.sleep(1500);
            List<RtpCapture.Packet> joined = aliceEar.take();

            assertTrue("on hold: " + onHold.size() + " packets", RtpCapture.audioPackets(onHold) >= 80);
            assertTrue("music loudness " + RtpCapture.loudness(onHold), RtpCapture.loudness(onHold) > LOUD);
            assertEquals("alice's ear on hold is music, not " + target, 0, RtpCapture.packetsFrom(onHold, speech()));
            assertTrue("bob hears " + target + " while consulting: " + RtpCapture.audioPackets(consulting)
                    + " packets, loudness " + RtpCapture.loudness(consulting), RtpCapture.loudness(consulting) > LOUD);
            int fromTarget = RtpCapture.packetsFrom(joined, speech());
            System.out.printf("alice, joined with %s: %d of %d packets are its speech%n", target, fromTarget,
                    joined.size());
            assertTrue("alice hears " + target + ": " + fromTarget + " of " + joined.size() + " packets",
                    fromTarget >= 20);
            alice.assertDone();
            targetPhone.assertDone();
            CallLog log = awaitLog(l -> l.id().equals(call.id()));
            assertEquals(Disposition.ANSWERED, log.disposition());
            List<CallLog> logs = awaitService(CallLogRepository.class).list(new CallLogQuery(Optional.empty(), 0, 50));
            assertEquals("one log for the customer's call, none for the consultation", 1, logs.stream()
                    .filter(l -> l.id().equals(call.id()) || l.id().toString().equals(consultId)).count());
            return new Transfer(call.id(), consultId, requested, completed);
        }
    }

    private static byte[] speech() throws java.io.IOException {
        return RtpCapture.pcapAudio(SPEECH);
    }

    /** Bob's warm transfer request: alice is held and {@code target} rings; returns the answered consultation's id. */
    private String consult(String bob, Call call, String target) throws Exception {
        Answer consultation = post("/calls/" + call.id() + "/transfer", bob,
                "{\"target\":\"" + target + "\",\"mode\":\"warm\"}");
        assertEquals(consultation.body().toString(), 200, consultation.status());
        String consultId = consultation.body().path("id").asText();
        assertTrue("a new call for the consultation", !consultId.equals(call.id().toString()));
        await("the consultation answered", () -> calls().find(UUID.fromString(consultId))
                .map(c -> c.state() == CallState.ACTIVE).orElse(false));
        assertEquals(CallState.HELD, calls().find(call.id()).orElseThrow().state());
        return consultId;
    }

    private static JsonNode first(List<JsonNode> events, String event, String callId) {
        return events.stream().filter(e -> event.equals(e.path("event").asText()) && callId.equals(e.path("callId").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("bob's panel got no " + event + " for call " + callId));
    }

    /** A WebSocket queue that stamps each event with the nanoTime it arrived. */
    private static BlockingQueue<JsonNode> stampedQueue() {
        return new LinkedBlockingQueue<>() {
            @Override
            public boolean add(JsonNode event) {
                if (event instanceof ObjectNode object) {
                    object.put("receivedNanos", System.nanoTime());
                }
                return super.add(event);
            }
        };
    }

    private static long millis(JsonNode event, long since) {
        return (event.path("receivedNanos").asLong() - since) / 1_000_000;
    }
}
