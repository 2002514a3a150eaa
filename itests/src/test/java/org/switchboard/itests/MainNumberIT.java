package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.CallState;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.registration.RegistrationRepository;

/**
 * The demo contact center as a carrier and real phones see it: alice's and bob's SIPp phones
 * register with digest, a carrier on trunk {@code pstn} calls the main number +15550100, group
 * {@code support} rings both, alice answers and bob's phone stops ringing; while the instance
 * drains, the carrier's new calls get 503 and the call in progress goes on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MainNumberIT extends SwitchboardTestSupport {
    /** The carrier signals from two addresses: one keeps a call up while the other offers a new one. */
    static final int TRUNK = Integer.getInteger("switchboard.itest.main.trunk", freePort());
    static final int TRUNK_2 = Integer.getInteger("switchboard.itest.main.trunk2", freePort());

    @Configuration
    public Option[] config() {
        String scenarios = System.getProperty("switchboard.itest.sipp", "src/test/resources/sipp");
        List<Option> options = new ArrayList<>(Arrays.asList(baseConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "digestAlgorithms", "MD5"));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.trunk-pstn.cfg", "port", String.valueOf(TRUNK)));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.trunk-pstn.cfg", "inbound",
                "127.0.0.1:" + TRUNK + ",127.0.0.1:" + TRUNK_2));
        options.add(systemProperty("switchboard.itest.main.trunk").value(String.valueOf(TRUNK)));
        options.add(systemProperty("switchboard.itest.main.trunk2").value(String.valueOf(TRUNK_2)));
        options.add(systemProperty("switchboard.itest.sipp").value(Path.of(scenarios).toAbsolutePath().toString()));
        return options.toArray(new Option[0]);
    }

    @Before
    public void telephonyIsUp() throws Exception {
        awaitHealthy();
        awaitComponentUp("sip");
        CallService calls = awaitService(CallService.class);
        calls.setDraining(false);
        await("no call left from the previous test", () -> calls.active().isEmpty());
        RegistrationRepository registrations = awaitService(RegistrationRepository.class);
        registrations.allActive(Instant.now()).forEach(r -> registrations.remove(r.agentId(), r.contact()));
    }

    @Test
    public void phonesRegisteredWithDigestAnswerTheMainNumberThroughTheSupportGroup() throws Exception {
        Instant since = Instant.now();
        int alicePort = registeredPhone("register.xml");
        int bobPort = registeredPhone("register-bob.xml");
        // logging in to the panel makes the agents AVAILABLE, so the group offers them calls
        login("alice", "alice-secret");
        login("bob", "bob-secret");
        Phone alice = Phone.serving("alice", "answer.xml", alicePort);
        Phone bob = Phone.serving("bob", "ring-cancelled.xml", bobPort);

        String carrier = SipSupport.sipp("carrier-calls.xml", TRUNK, SIP_PORT, "-s", "+15550100", "-d", "1000");

        assertTrue("carrier: " + carrier, carrier.startsWith("exit 0"));
        alice.assertDone();
        bob.assertDone();
        assertTrue(bob.messages(), bob.messages().contains("Call completed elsewhere"));
        CallLog log = awaitLog(l -> l.to().equals("+15550100") && l.startedAt().isAfter(since));
        assertEquals(CallDirection.INBOUND, log.direction());
        assertEquals(Disposition.ANSWERED, log.disposition());
        assertEquals(Optional.of(agentId("alice")), log.agentId());
        assertEquals("+15551230001", log.from());
        assertTrue("the caller is matched to Hanako Yamada in the local CRM", log.contactId().isPresent());
    }

    @Test
    public void whileDrainingTheCarriersNewCallsGet503AndTheCallInProgressGoesOn() throws Exception {
        Instant since = Instant.now();
        int alicePort = registeredPhone("register.xml");
        Phone alice = Phone.serving("alice", "answer.xml", alicePort);
        Path work = Files.createTempDirectory("carrier-");
        Process longCall = SipSupport.serve("carrier-calls.xml", TRUNK, work, "-s", "+15550101", "-d", "4000",
                "127.0.0.1:" + SIP_PORT);
        CallService calls = awaitService(CallService.class);
        await("alice talking to the carrier", () -> calls.active().stream().anyMatch(c -> c.state() == CallState.ACTIVE));

        String drained = executeCommand("sb:drain");
        String refused = SipSupport.sipp("carrier-refused.xml", TRUNK_2, SIP_PORT, "-s", "+15550100");

        assertTrue(drained, drained.contains("1 live calls may finish"));
        assertTrue("new call while draining: " + refused, refused.startsWith("exit 0"));
        String finished = SipSupport.finish(longCall, work);
        assertTrue("the call in progress: " + finished, finished.startsWith("exit 0"));
        alice.assertDone();
        assertEquals(Disposition.ANSWERED, awaitLog(l -> l.to().equals("+15550101") && l.startedAt().isAfter(since))
                .disposition());

        executeCommand("sb:drain --off");
        Phone again = Phone.serving("alice", "answer.xml", alicePort);
        String accepted = SipSupport.sipp("carrier-calls.xml", TRUNK_2, SIP_PORT, "-s", "+15550101", "-d", "200");
        assertTrue("after drain --off: " + accepted, accepted.startsWith("exit 0"));
        again.assertDone();
    }

    // ---- helpers ------------------------------------------------------------------------

    /** A SIPp phone that waits for calls, with every message it sent and received logged. */
    private record Phone(String name, Process process, Path work) {
        static Phone serving(String name, String scenario, int port) throws Exception {
            Path work = Files.createTempDirectory(name + "-");
            Phone phone = new Phone(name, SipSupport.serve(scenario, port, work), work);
            Thread.sleep(300); // SIPp binds its port
            return phone;
        }

        String messages() throws Exception {
            return SipSupport.read(work.resolve("messages.log"));
        }

        void assertDone() throws Exception {
            String report = SipSupport.finish(process, work);
            assertTrue(name + "'s phone: " + report, report.startsWith("exit 0"));
        }
    }

    /** Registers a phone with digest (SIPp REGISTER, 401, REGISTER with credentials, 200) from a free port. */
    private static int registeredPhone(String scenario) throws Exception {
        int port = freePort();
        String report = SipSupport.sipp(scenario, port, SIP_PORT);
        assertTrue(scenario + ": " + report, report.startsWith("exit 0"));
        return port;
    }

    private UUID agentId(String username) throws Exception {
        return UUID.fromString(get("/agents/me", login(username, username + "-secret")).body().path("id").asText());
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
