package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.health.HealthIndicator;

/**
 * Overload and abuse against the real distribution (B2BUA on), with SIPp as the carrier on the demo trunk
 * and as alice's desk phone. New calls are limited to 5 a second here ({@code maxCallsPerSecond}) so that
 * a few seconds of load overload it; the work-queue limit is set far off so only the configured rate
 * decides. What must hold afterwards: the excess was turned away with 503 and Retry-After, every call taken
 * on ran to its end, and no call and no media endpoint is left behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OverloadIT extends TelephonyTestSupport {
    private static final Pattern CALL_ID = Pattern.compile("(?im)^Call-ID:\\s*(\\S+)");

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(telephonyConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "maxCallsPerSecond", "5"));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "maxQueueDelayMillis", "10000"));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "maxUnauthenticatedInvitesPerSecond", "20"));
        return options.toArray(new Option[0]);
    }

    @Test
    public void offeredFiveTimesItsCallRateItRefusesTheExcessWith503AndLeavesNoCallBehind() throws Exception {
        Instant since = Instant.now();
        Phone alice = phone("alice", "answer.xml", "-m", "100");
        // 25 calls a second for 4 s: 100 calls against a limit of 5 a second
        Phone carrier = carrier("carrier-overload.xml", "-s", "+15550101", "-d", "200", "-m", "100", "-l", "100",
                "-r", "25", "-timeout", "60s", "127.0.0.1:" + SIP);
        try {
            carrier.assertDone(); // every call refused with 503 + Retry-After or run to its BYE's 200
        } finally {
            alice.process().destroyForcibly();
        }

        String wire = carrier.messages();
        Set<String> refused = callIdsOf(wire, "SIP/2.0 503 ");
        Set<String> answered = callIdsOf(wire, "SIP/2.0 200 OK");
        answered.removeAll(refused);
        assertTrue("some calls refused: " + refused.size(), refused.size() >= 40);
        assertTrue("some calls taken: " + answered.size(), answered.size() >= 15);
        assertEquals("each call either refused or answered", 100, refused.size() + answered.size());
        assertTrue(wire, wire.contains("Retry-After:"));

        assertNothingLeftBehind();
        CallLogRepository logs = awaitService(CallLogRepository.class);
        await("every call taken on logged as answered", () -> logs.list(new CallLogQuery(Optional.empty(), 0, 500))
                .stream().filter(l -> l.startedAt().isAfter(since) && l.disposition() == Disposition.ANSWERED)
                .count() == answered.size());
    }

    @Test
    public void aCallerThatNeverAcknowledgesTheAnswerIsHungUpAndItsMediaFreed() throws Exception {
        // jain-sip retransmits our 200 for 64*T1 = 32 s before it gives up on the ACK: both wait longer than that
        Phone alice = phone("alice", "answer.xml", "-timeout", "90s");
        Phone carrier = carrier("carrier-no-ack.xml", "-s", "+15550101", "-timeout", "90s", "127.0.0.1:" + SIP);
        try {
            awaitActiveCall();
            carrier.assertDone(); // our 200 went unacknowledged, then Switchboard's BYE came
            alice.assertDone(); // and her leg was hung up too
        } finally {
            alice.process().destroyForcibly();
            carrier.process().destroyForcibly();
        }
        assertNothingLeftBehind();
    }

    @Test
    public void anInviteFloodFromOneAddressIsChallengedThenIgnoredWhileTheTrunksCallsComplete() throws Exception {
        Phone alice = phone("alice", "answer.xml", "-m", "10");
        // the scanner: 100 INVITEs a second without credentials, from 127.0.0.2 (not a trunk)
        Phone scanner = TelephonyTestSupport.started("scanner", "flood-invite.xml", freePort(), "-i", "127.0.0.2",
                "-s", "1002", "-m", "500", "-l", "500", "-r", "100", "-timeout", "60s", "127.0.0.1:" + SIP);
        // meanwhile the carrier places 10 calls, 2 a second (under the 5 a second allowed)
        Phone carrier = carrier("carrier-calls.xml", "-s", "+15550101", "-d", "200", "-m", "10", "-l", "10", "-r", "2",
                "127.0.0.1:" + SIP);
        try {
            carrier.assertDone(); // every one of the carrier's calls ran to its BYE
            // the scanner's own verdicts do not matter (answers after its 1 s wait are "dead calls" to SIPp)
            assertTrue("the scanner finished", scanner.process().waitFor(60, TimeUnit.SECONDS));
        } finally {
            alice.process().destroyForcibly();
            carrier.process().destroyForcibly();
            scanner.process().destroyForcibly();
        }
        String wire = scanner.messages();
        int challenged = callIdsOf(wire, "SIP/2.0 407 ").size();
        assertTrue("the scanner was challenged first: " + challenged, challenged >= 1);
        assertTrue("then ignored: " + challenged + " of 500 INVITEs answered", challenged <= 100);
        assertNothingLeftBehind();
    }

    /** No call in core or in GET /api/v1/calls (seen by a supervisor), and every media endpoint released. */
    private void assertNothingLeftBehind() throws Exception {
        await("no call left in core", () -> calls().active().isEmpty());
        String token = login("carol", "carol-secret");
        Answer live = get("/calls", token);
        assertEquals(200, live.status());
        assertEquals(live.body().toString(), 0, live.body().path("items").size());
        await("every media endpoint released", () -> health("media").startsWith("0 endpoints"));
    }

    /** Call-IDs of the received messages whose first line starts with {@code statusLine}. */
    private static Set<String> callIdsOf(String messages, String statusLine) {
        Set<String> ids = new HashSet<>();
        // SIPp's trace: a dashed line, "UDP message received [n] bytes :", a blank line, the message
        for (String block : messages.split("(?m)^-{5,}.*$")) {
            String trimmed = block.strip();
            if (!trimmed.startsWith("UDP message received")) {
                continue;
            }
            trimmed = trimmed.substring(trimmed.indexOf('\n') + 1).strip();
            if (trimmed.startsWith(statusLine)) {
                Matcher id = CALL_ID.matcher(trimmed);
                if (id.find()) {
                    ids.add(id.group(1));
                }
            }
        }
        return ids;
    }

    private String health(String name) {
        try {
            for (var reference : bundleContext.getServiceReferences(HealthIndicator.class, null)) {
                HealthIndicator indicator = bundleContext.getService(reference);
                if (indicator != null && name.equals(indicator.name())) {
                    return indicator.check().detail();
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return "";
    }
}
