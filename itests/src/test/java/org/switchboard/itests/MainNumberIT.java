package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallState;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;

/**
 * The demo contact center as a carrier and real phones see it: alice's and bob's SIPp phones
 * register with digest, a carrier on trunk {@code pstn} calls the main number +15550100, group
 * {@code support} rings both, alice answers and bob's phone stops ringing; while the instance
 * drains, the carrier's new calls get 503 and the call in progress goes on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MainNumberIT extends TelephonyTestSupport {
    /** The carrier signals from a second address too: one keeps a call up while the other offers a new one. */
    static final int TRUNK_2 = Integer.getInteger("switchboard.itest.main.trunk2", freePort());

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(telephonyConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.trunk-pstn.cfg", "inbound",
                "127.0.0.1:" + TRUNK + ",127.0.0.1:" + TRUNK_2));
        options.add(systemProperty("switchboard.itest.main.trunk2").value(String.valueOf(TRUNK_2)));
        return options.toArray(new Option[0]);
    }

    @Before
    public void acceptingCalls() throws Exception {
        calls().setDraining(false);
    }

    @Test
    public void phonesRegisteredWithDigestAnswerTheMainNumberThroughTheSupportGroup() throws Exception {
        Instant since = Instant.now();
        int alicePort = registeredWithDigest("register.xml");
        int bobPort = registeredWithDigest("register-bob.xml");
        // logging in to the panel makes the agents AVAILABLE, so the group offers them calls
        login("alice", "alice-secret");
        login("bob", "bob-secret");
        Phone alice = started("alice", "answer.xml", alicePort);
        Phone bob = started("bob", "ring-cancelled.xml", bobPort);

        String carrier = SipSupport.sipp("carrier-calls.xml", TRUNK, SIP, "-s", "+15550100", "-d", "1000");

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
        int alicePort = registeredWithDigest("register.xml");
        Phone alice = started("alice", "answer.xml", alicePort);
        Phone longCall = carrier("carrier-calls.xml", "-s", "+15550101", "-d", "4000", "127.0.0.1:" + SIP);
        await("alice talking to the carrier", () -> calls().active().stream().anyMatch(c -> c.state() == CallState.ACTIVE));

        String drained = executeCommand("sb:drain");
        String refused = SipSupport.sipp("carrier-refused.xml", TRUNK_2, SIP, "-s", "+15550100");

        assertTrue(drained, drained.contains("1 live calls may finish"));
        assertTrue("new call while draining: " + refused, refused.startsWith("exit 0"));
        longCall.assertDone();
        alice.assertDone();
        assertEquals(Disposition.ANSWERED, awaitLog(l -> l.to().equals("+15550101") && l.startedAt().isAfter(since))
                .disposition());

        executeCommand("sb:drain --off");
        Phone again = started("alice", "answer.xml", alicePort);
        String accepted = SipSupport.sipp("carrier-calls.xml", TRUNK_2, SIP, "-s", "+15550101", "-d", "200");
        assertTrue("after drain --off: " + accepted, accepted.startsWith("exit 0"));
        again.assertDone();
    }
}
