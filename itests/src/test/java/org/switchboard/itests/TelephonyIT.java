package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
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
import org.switchboard.api.call.CallOriginator;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.CallState;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.number.NumberTarget;
import org.switchboard.api.number.RingStrategy;
import org.switchboard.api.registration.Registration;
import org.switchboard.api.registration.RegistrationRepository;

/**
 * The telephony flows end to end on the real distribution, with SIPp phones and a SIPp carrier on
 * the demo trunk: outbound calls with the chosen caller ID (and 403 for a foreign one), click-to-call,
 * hold from REST with music at the held phone, DTMF from the agent's dialpad, blind transfer by
 * REFER, CANCEL before answer, group hunting past a member who does not answer, the simulated caller,
 * sb:trunks, and garbage on the SIP port.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TelephonyIT extends SwitchboardTestSupport {
    static final int SIP = Integer.getInteger("switchboard.itest.telephony.sip", freePort());
    static final int TRUNK = Integer.getInteger("switchboard.itest.telephony.trunk", freePort());
    static final String OUTSIDE = "+15557770000";

    @Configuration
    public Option[] config() {
        String scenarios = System.getProperty("switchboard.itest.sipp", "src/test/resources/sipp");
        List<Option> options = new ArrayList<>(Arrays.asList(baseConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "port", String.valueOf(SIP)));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "digestAlgorithms", "MD5"));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "b2bua", "true"));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.trunk-pstn.cfg", "port", String.valueOf(TRUNK)));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.trunk-pstn.cfg", "inbound", "127.0.0.1:" + TRUNK));
        options.add(systemProperty("switchboard.itest.telephony.sip").value(String.valueOf(SIP)));
        options.add(systemProperty("switchboard.itest.telephony.trunk").value(String.valueOf(TRUNK)));
        options.add(systemProperty("switchboard.itest.sipp").value(Path.of(scenarios).toAbsolutePath().toString()));
        return options.toArray(new Option[0]);
    }

    @Before
    public void telephonyIsUp() throws Exception {
        awaitService(CallOriginator.class);
        awaitService(CallLogRepository.class);
        awaitComponentUp("sip");
        await("no call left from the previous test", () -> calls().active().isEmpty());
        RegistrationRepository registrations = awaitService(RegistrationRepository.class);
        registrations.allActive(Instant.now()).forEach(r -> registrations.remove(r.agentId(), r.contact()));
    }

    @Test
    public void anOutboundCallLeavesThroughTheTrunkWithTheCallerIdTheAgentChose() throws Exception {
        Path carrierWork = Files.createTempDirectory("carrier-");
        Process carrier = SipSupport.serve("answer.xml", TRUNK, carrierWork);
        TimeUnit.MILLISECONDS.sleep(300);

        String alice = SipSupport.sipp("call-as.xml", freePort(), SIP, "-s", OUTSIDE, "-key", "cid", "+15550100");

        assertTrue(alice, alice.startsWith("exit 0"));
        String carrierReport = SipSupport.finish(carrier, carrierWork);
        assertTrue(carrierReport, carrierReport.startsWith("exit 0"));
        String wire = SipSupport.read(carrierWork.resolve("messages.log"));
        assertTrue(wire, wire.contains("INVITE sip:" + OUTSIDE + "@127.0.0.1:" + TRUNK));
        assertTrue(wire, wire.matches("(?s).*From: [^\\n]*<sip:\\+15550100@switchboard\\.local>.*"));
        assertTrue(wire, wire.contains("P-Asserted-Identity: <sip:+15550100@switchboard.local>"));
        CallLog log = awaitLog(l -> l.to().equals(OUTSIDE));
        assertEquals(CallDirection.OUTBOUND, log.direction());
        assertEquals(Disposition.ANSWERED, log.disposition());
    }

    @Test
    public void aCallerIdThatIsNotTheAgentsIsRefusedWith403AndNothingLeaves() throws Exception {
        Path carrierWork = Files.createTempDirectory("carrier-");
        Process carrier = SipSupport.serve("answer.xml", TRUNK, carrierWork);
        try {
            String alice = SipSupport.sipp("call-forbidden.xml", freePort(), SIP, "-s", OUTSIDE,
                    "-key", "cid", "+15559990000");

            assertTrue(alice, alice.startsWith("exit 0"));
            TimeUnit.MILLISECONDS.sleep(500);
            assertTrue(SipSupport.read(carrierWork.resolve("messages.log")), carrier.isAlive());
            assertTrue(calls().active().isEmpty());
        } finally {
            carrier.destroyForcibly();
        }
    }

    @Test
    public void clickToCallRingsTheAgentsPhoneThenTheTarget() throws Exception {
        int alicePort = freePort();
        int bobPort = freePort();
        register("alice", alicePort);
        register("bob", bobPort);
        Path aliceWork = Files.createTempDirectory("alice-");
        Path bobWork = Files.createTempDirectory("bob-");
        Process alicePhone = SipSupport.serve("answer.xml", alicePort, aliceWork);
        Process bobPhone = SipSupport.serve("answer.xml", bobPort, bobWork);
        TimeUnit.MILLISECONDS.sleep(300);
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
        String aliceReport = SipSupport.finish(alicePhone, aliceWork);
        String bobReport = SipSupport.finish(bobPhone, bobWork);
        assertTrue(aliceReport, aliceReport.startsWith("exit 0"));
        assertTrue(bobReport, bobReport.startsWith("exit 0"));
        // alice's phone showed whom she was calling
        assertTrue(SipSupport.read(aliceWork.resolve("messages.log")).contains("\"Call to 1002\""));
    }

    @Test
    public void holdFromRestPlaysMusicToTheHeldPhoneAndResumeStopsIt() throws Exception {
        int bobPort = freePort();
        register("bob", bobPort);
        Path bobWork = Files.createTempDirectory("bob-");
        Process bobPhone = SipSupport.serve("answer.xml", bobPort, bobWork);
        try (RtpCapture aliceEar = new RtpCapture()) {
            TimeUnit.MILLISECONDS.sleep(300);
            Path aliceWork = Files.createTempDirectory("alice-");
            Process alice = startCaller("call-held.xml", aliceWork, "-s", "1002", "-key", "mport",
                    String.valueOf(aliceEar.port()));
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
            String aliceReport = SipSupport.finish(alice, aliceWork);
            assertTrue(aliceReport, aliceReport.startsWith("exit 0"));
        } finally {
            bobPhone.destroyForcibly();
        }
    }

    @Test
    public void dtmfFromTheAgentsDialpadReachesTheOtherPartyAsRfc4733Events() throws Exception {
        int bobPort = freePort();
        register("bob", bobPort);
        Path bobWork = Files.createTempDirectory("bob-");
        Process bobPhone = SipSupport.serve("answer.xml", bobPort, bobWork);
        try (RtpCapture aliceEar = new RtpCapture()) {
            TimeUnit.MILLISECONDS.sleep(300);
            Path aliceWork = Files.createTempDirectory("alice-");
            Process alice = startCaller("call-long.xml", aliceWork, "-s", "1002", "-key", "mport",
                    String.valueOf(aliceEar.port()));
            Call call = awaitActiveCall();
            String bob = login("bob", "bob-secret");

            assertEquals(400, post("/calls/" + call.id() + "/dtmf", bob, "{\"digits\":\"12x\"}").status());
            assertEquals(200, post("/calls/" + call.id() + "/dtmf", bob, "{\"digits\":\"159#\"}").status());
            TimeUnit.MILLISECONDS.sleep(1500);

            assertEquals("159#", RtpCapture.digits(aliceEar.take(), 101));
            String aliceReport = SipSupport.finish(alice, aliceWork);
            assertTrue(aliceReport, aliceReport.startsWith("exit 0"));
        } finally {
            bobPhone.destroyForcibly();
        }
    }

    @Test
    public void aPhoneTransfersTheCallerBlindWithRefer() throws Exception {
        Instant since = Instant.now();
        int bobPort = freePort();
        int carolPort = freePort();
        register("bob", bobPort);
        register("carol", carolPort);
        Path bobWork = Files.createTempDirectory("bob-");
        Path carolWork = Files.createTempDirectory("carol-");
        Process bobPhone = SipSupport.serve("answer-refer.xml", bobPort, bobWork, "-key", "target", "1003");
        Process carolPhone = SipSupport.serve("answer.xml", carolPort, carolWork);
        try (RtpCapture aliceEar = new RtpCapture()) {
            TimeUnit.MILLISECONDS.sleep(300);

            String alice = SipSupport.sipp("call-long.xml", freePort(), SIP, "-s", "1002", "-key", "mport",
                    String.valueOf(aliceEar.port()));

            assertTrue(alice, alice.startsWith("exit 0"));
            String bobReport = SipSupport.finish(bobPhone, bobWork);
            String carolReport = SipSupport.finish(carolPhone, carolWork);
            assertTrue(bobReport, bobReport.startsWith("exit 0"));
            assertTrue(carolReport, carolReport.startsWith("exit 0"));
        } finally {
            bobPhone.destroyForcibly();
            carolPhone.destroyForcibly();
        }
        // one call, one log: answered by bob, who handed it to carol (whose phone answered and got the BYE)
        UUID bob = awaitService(AgentService.class).findByUsername("bob").orElseThrow().agent().id();
        CallLog log = awaitLog(l -> l.to().equals("1002") && l.startedAt().isAfter(since));
        assertEquals(Disposition.ANSWERED, log.disposition());
        assertEquals(Optional.of(bob), log.agentId());
        assertTrue("talk time " + log.talkTime(), log.talkTime().compareTo(Duration.ofSeconds(5)) >= 0);
    }

    @Test
    public void aCallerWhoGivesUpBeforeAnswerCancelsTheRingingPhone() throws Exception {
        Instant since = Instant.now();
        int bobPort = freePort();
        register("bob", bobPort);
        Path bobWork = Files.createTempDirectory("bob-");
        Process bobPhone = SipSupport.serve("ring-cancelled.xml", bobPort, bobWork);
        TimeUnit.MILLISECONDS.sleep(300);

        String alice = SipSupport.sipp("call-cancel.xml", freePort(), SIP, "-s", "1002");

        assertTrue(alice, alice.startsWith("exit 0"));
        String bobReport = SipSupport.finish(bobPhone, bobWork);
        assertTrue(bobReport, bobReport.startsWith("exit 0"));
        assertTrue(calls().active().isEmpty());
        assertEquals(Disposition.MISSED, awaitLog(l -> l.to().equals("1002") && l.startedAt().isAfter(since))
                .disposition());
    }

    @Test
    public void aRoundRobinGroupMovesOnWhenAMemberDoesNotAnswerInTime() throws Exception {
        AgentService agents = awaitService(AgentService.class);
        UUID alice = agents.findByUsername("alice").orElseThrow().agent().id();
        UUID bob = agents.findByUsername("bob").orElseThrow().agent().id();
        NumberRepository numbers = awaitService(NumberRepository.class);
        Group hunt = numbers.saveGroup(new Group(UUID.randomUUID(), "hunt-it", RingStrategy.ROUND_ROBIN,
                List.of(alice, bob), Duration.ofSeconds(3), false, Optional.empty()));
        numbers.assign(new NumberAssignment(E164.of("+15550199"), new NumberTarget.ToGroup(hunt.id()), "Hunt test"));
        agents.setPresence(alice, Presence.AVAILABLE);
        agents.setPresence(bob, Presence.AVAILABLE);
        int alicePort = freePort();
        int bobPort = freePort();
        register("alice", alicePort);
        register("bob", bobPort);
        Path aliceWork = Files.createTempDirectory("alice-");
        Path bobWork = Files.createTempDirectory("bob-");
        Process alicePhone = SipSupport.serve("ring-cancelled.xml", alicePort, aliceWork);
        Process bobPhone = SipSupport.serve("answer.xml", bobPort, bobWork);
        TimeUnit.MILLISECONDS.sleep(300);

        String carrier = SipSupport.sipp("carrier-call.xml", TRUNK, SIP, "-s", "+15550199");

        assertTrue(carrier, carrier.startsWith("exit 0"));
        String aliceReport = SipSupport.finish(alicePhone, aliceWork);
        String bobReport = SipSupport.finish(bobPhone, bobWork);
        assertTrue("alice rang and was cancelled: " + aliceReport, aliceReport.startsWith("exit 0"));
        assertTrue("bob answered: " + bobReport, bobReport.startsWith("exit 0"));
        CallLog log = awaitLog(l -> l.to().equals("+15550199"));
        assertEquals(CallDirection.INBOUND, log.direction());
        assertEquals(Optional.of(bob), log.agentId());
        assertEquals(Disposition.ANSWERED, log.disposition());
        Duration waited = Duration.between(log.startedAt(), log.answeredAt().orElseThrow());
        assertTrue("answered after " + waited, waited.compareTo(Duration.ofSeconds(3)) >= 0);
    }

    @Test
    public void theSimulatedCallerSpeaksToTheAgentWhoAnswers() throws Exception {
        int bobPort = freePort();
        register("bob", bobPort);
        Path bobWork = Files.createTempDirectory("bob-");
        try (RtpCapture bobEar = new RtpCapture()) {
            Process bobPhone = SipSupport.serve("answer-media.xml", bobPort, bobWork, "-key", "mport",
                    String.valueOf(bobEar.port()));
            TimeUnit.MILLISECONDS.sleep(300);

            String output = executeCommand("sb:simulate-inbound +15551230001 1002");

            assertTrue(output, output.contains("from +15551230001 to 1002"));
            Call call = awaitActiveCall();
            TimeUnit.MILLISECONDS.sleep(3000);
            List<RtpCapture.Packet> heard = bobEar.take();
            assertTrue("prompt packets: " + heard.size(), RtpCapture.audioPackets(heard) >= 100);
            assertTrue("prompt loudness " + RtpCapture.loudness(heard), RtpCapture.loudness(heard) > 200);
            executeCommand("sb:hangup " + call.id());
            String bobReport = SipSupport.finish(bobPhone, bobWork);
            assertTrue(bobReport, bobReport.startsWith("exit 0"));
        }
        String refused = executeCommand("sb:simulate-inbound +15551230001 " + OUTSIDE);
        assertTrue(refused, refused.contains("not one of our numbers"));
    }

    @Test
    public void sbTrunksListsTheDemoTrunk() throws Exception {
        String table = executeCommand("sb:trunks");

        assertTrue(table, table.matches("(?s).*pstn\\s*\\|\\s*127\\.0\\.0\\.1:" + TRUNK + "\\s*\\|\\s*UDP\\s*\\|"
                + "\\s*not registering\\s*\\|\\s*0.*"));
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
        int bobPort = freePort();
        register("bob", bobPort);
        Path bobWork = Files.createTempDirectory("bob-");
        Process bobPhone = SipSupport.serve("answer.xml", bobPort, bobWork);
        TimeUnit.MILLISECONDS.sleep(300);

        String alice = SipSupport.sipp("call.xml", freePort(), SIP, "-s", "1002");

        assertTrue(alice, alice.startsWith("exit 0"));
        String bobReport = SipSupport.finish(bobPhone, bobWork);
        assertTrue(bobReport, bobReport.startsWith("exit 0"));
    }

    // ---- helpers ------------------------------------------------------------------------

    private CallService calls() {
        try {
            return awaitService(CallService.class);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The agent's phone at 127.0.0.1:port, as the registrar stores it after a REGISTER (tested in SipRegistrarIT). */
    private void register(String username, int port) throws Exception {
        UUID agent = awaitService(AgentService.class).findByUsername(username).orElseThrow().agent().id();
        Instant now = Instant.now();
        awaitService(RegistrationRepository.class).save(new Registration(UUID.randomUUID(), agent,
                "sip:" + username + "@127.0.0.1:" + port, "127.0.0.1:" + port, "UDP", "SIPp", "it-" + UUID.randomUUID(),
                1, now, now.plusSeconds(600)));
    }

    /** Starts a calling SIPp phone against Switchboard and returns at once. */
    private Process startCaller(String scenario, Path work, String... extra) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(extra));
        arguments.add("127.0.0.1:" + SIP);
        return SipSupport.serve(scenario, freePort(), work, arguments.toArray(new String[0]));
    }

    private Call awaitActiveCall() throws InterruptedException {
        Call[] found = new Call[1];
        await("a call answered", () -> {
            Optional<Call> active = calls().active().stream().filter(c -> c.state() == CallState.ACTIVE).findFirst();
            active.ifPresent(c -> found[0] = c);
            return active.isPresent();
        });
        return found[0];
    }

    private CallLog awaitLog(java.util.function.Predicate<CallLog> which) throws InterruptedException {
        CallLogRepository logs = awaitService(CallLogRepository.class);
        CallLog[] found = new CallLog[1];
        await("the call's log", () -> {
            Optional<CallLog> log = logs.list(new CallLogQuery(Optional.empty(), 0, 50)).stream().filter(which)
                    .findFirst();
            log.ifPresent(l -> found[0] = l);
            return log.isPresent();
        });
        return found[0];
    }
}
