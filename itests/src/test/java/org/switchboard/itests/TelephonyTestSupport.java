package org.switchboard.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.Before;
import org.ops4j.pax.exam.Option;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallOriginator;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.CallState;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.number.NumberTarget;
import org.switchboard.api.number.RingStrategy;
import org.switchboard.api.registration.Registration;
import org.switchboard.api.registration.RegistrationRepository;

/**
 * The distribution with the B2BUA on, SIPp phones registered as the demo agents and a SIPp carrier
 * on the demo trunk's address: what TelephonyIT and TransferIT share.
 */
abstract class TelephonyTestSupport extends SwitchboardTestSupport {
    static final int SIP = Integer.getInteger("switchboard.itest.telephony.sip", freePort());
    static final int TRUNK = Integer.getInteger("switchboard.itest.telephony.trunk", freePort());
    static final String OUTSIDE = "+15557770000";

    protected Option[] telephonyConfig() {
        String scenarios = System.getProperty("switchboard.itest.sipp", "src/test/resources/sipp");
        List<Option> options = new ArrayList<>(Arrays.asList(baseConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "port", String.valueOf(SIP)));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "digestAlgorithms", "MD5"));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "b2bua", "true"));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.trunk-pstn.cfg", "port", String.valueOf(TRUNK)));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.trunk-pstn.cfg", "inbound", "127.0.0.1:" + TRUNK));
        // credentials for carriers that challenge our INVITEs (no REGISTER)
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.trunk-pstn.cfg", "username", "switchboard-trunk"));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.trunk-pstn.cfg", "password", "trunk-secret"));
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

    /** The next call event on a WebSocket that satisfies {@code which}, within 10 s. */
    static JsonNode nextCallEvent(BlockingQueue<JsonNode> received, Predicate<JsonNode> which)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<JsonNode> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            JsonNode event = received.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && "call".equals(event.path("type").asText())) {
                seen.add(event);
                if (which.test(event)) {
                    return event;
                }
            }
        }
        throw new AssertionError("no such call event; got " + seen);
    }

    CallService calls() {
        try {
            return awaitService(CallService.class);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A SIPp phone waiting for calls, and where its reports go. */
    record Phone(String name, Process process, Path work) {
        String messages() throws Exception {
            return SipSupport.read(work.resolve("messages.log"));
        }

        /** The phone's scenario ran to its end: every message it expected came, in order. */
        void assertDone() throws Exception {
            String report = SipSupport.finish(process, work);
            assertTrue(name + "'s phone: " + report, report.startsWith("exit 0"));
        }
    }

    /** An agent's SIPp phone running {@code scenario}, registered and listening. */
    Phone phone(String agent, String scenario, String... extra) throws Exception {
        int port = freePort();
        register(agent, port);
        return started(agent, scenario, port, extra);
    }

    /** The carrier on the demo trunk's address, running {@code scenario}. */
    Phone carrier(String scenario, String... extra) throws Exception {
        return started("carrier", scenario, TRUNK, extra);
    }

    /** A SIPp phone that registered with digest (REGISTER, 401, REGISTER with credentials, 200); returns its port. */
    static int registeredWithDigest(String registerScenario) throws Exception {
        int port = freePort();
        String report = SipSupport.sipp(registerScenario, port, SIP);
        assertTrue(registerScenario + ": " + report, report.startsWith("exit 0"));
        return port;
    }

    /** A SIPp phone on {@code port} running {@code scenario}, listening. */
    static Phone started(String name, String scenario, int port, String... extra) throws Exception {
        Path work = Files.createTempDirectory(name + "-");
        Phone phone = new Phone(name, SipSupport.serve(scenario, port, work, extra), work);
        TimeUnit.MILLISECONDS.sleep(300); // SIPp binds its port
        return phone;
    }

    /** Alice's SIPp phone places a call with digest and its scenario must run to the end. */
    static void aliceCalls(String scenario, String target, String... extra) throws Exception {
        String report = SipSupport.sipp(scenario, freePort(), SIP, dialing(target, extra).toArray(new String[0]));
        assertTrue("alice's phone: " + report, report.startsWith("exit 0"));
    }

    /** Alice's SIPp phone starts calling and the test goes on while it talks. */
    static Phone aliceStartsCalling(String scenario, String target, String... extra) throws Exception {
        List<String> arguments = dialing(target, extra);
        arguments.add("127.0.0.1:" + SIP);
        Path work = Files.createTempDirectory("alice-");
        return new Phone("alice", SipSupport.serve(scenario, freePort(), work, arguments.toArray(new String[0])), work);
    }

    private static List<String> dialing(String target, String... extra) {
        List<String> arguments = new ArrayList<>(List.of("-s", target));
        arguments.addAll(List.of(extra));
        return arguments;
    }

    UUID agentId(String username) throws InterruptedException {
        return awaitService(AgentService.class).findByUsername(username).orElseThrow().agent().id();
    }

    /** The agent's phone at 127.0.0.1:port, as the registrar stores it after a REGISTER (tested in SipRegistrarIT). */
    private void register(String username, int port) throws Exception {
        UUID agent = agentId(username);
        Instant now = Instant.now();
        awaitService(RegistrationRepository.class).save(new Registration(UUID.randomUUID(), agent,
                "sip:" + username + "@127.0.0.1:" + port, "127.0.0.1:" + port, "UDP", "SIPp", "it-" + UUID.randomUUID(),
                1, now, now.plusSeconds(600)));
    }

    /** A ring-all group {@code name} at {@code number} whose only member is carol, made AVAILABLE; returns her id. */
    UUID carolsDeskAt(String number, String name) throws InterruptedException {
        UUID carol = agentId("carol");
        NumberRepository numbers = awaitService(NumberRepository.class);
        Group desk = numbers.saveGroup(new Group(UUID.randomUUID(), name, RingStrategy.RING_ALL, List.of(carol),
                Duration.ofSeconds(10), false, Optional.empty()));
        numbers.assign(new NumberAssignment(E164.of(number), new NumberTarget.ToGroup(desk.id()), name));
        awaitService(AgentService.class).setPresence(carol, Presence.AVAILABLE);
        return carol;
    }

    Call awaitActiveCall() throws InterruptedException {
        Call[] found = new Call[1];
        await("a call answered", () -> {
            Optional<Call> active = calls().active().stream().filter(c -> c.state() == CallState.ACTIVE).findFirst();
            active.ifPresent(c -> found[0] = c);
            return active.isPresent();
        });
        return found[0];
    }

    CallLog awaitLog(Predicate<CallLog> which) throws InterruptedException {
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
