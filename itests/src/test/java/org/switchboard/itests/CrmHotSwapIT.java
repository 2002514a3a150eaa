package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.calllog.CallLogQuery;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.calllog.OutboxEntry;
import org.switchboard.api.calllog.OutboxStatus;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.number.E164;

/**
 * The local CRM can be stopped, uninstalled and installed again on a running instance: the
 * directory answers 503 meanwhile, everything else keeps working, and call logs made while it
 * was away wait in the outbox and are delivered when it is back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CrmHotSwapIT extends TelephonyTestSupport {

    @Configuration
    public Option[] config() {
        return telephonyConfig();
    }

    @Before
    public void healthy() throws Exception {
        awaitHealthy();
        awaitService(CrmConnector.class);
    }

    @Test
    public void stoppingTheLocalCrmMakesOnlyTheDirectoryUnavailable() throws Exception {
        Bundle crm = bundle("org.switchboard.crm.local");
        String token = login("alice", "alice-secret");
        assertEquals(200, get("/directory?q=yamada", token).status());

        crm.stop();
        try {
            Answer directory = get("/directory?q=yamada", token);
            assertEquals(503, directory.status());
            assertEquals("crm_unavailable", directory.body().path("error").asText());
            assertEquals(503, get("/contacts?phone=%2B15551230001", token).status());
            // everything else keeps working
            assertEquals(200, get("/health", null).status());
            assertEquals(200, get("/agents/me", token).status());
            assertEquals(201, post("/sessions", null, "{\"username\":\"bob\",\"password\":\"bob-secret\"}").status());
            assertTrue(executeCommand("sb:status").contains("no connector"));
        } finally {
            crm.start();
        }
        await("directory back", () -> statusOf("/directory?q=yamada", token) == 200);
    }

    @Test
    public void callLogWrittenWhileCrmIsAwayIsDeliveredWhenItReturns() throws Exception {
        CallService calls = awaitService(CallService.class);
        Outbox outbox = awaitService(Outbox.class);
        Bundle crm = bundle("org.switchboard.crm.local");

        crm.stop();
        UUID callId;
        try {
            Call call = calls.open(CallDirection.INBOUND, LegKind.SIP, Party.external(E164.of("+15551230001")),
                    "+15550100", Optional.empty());
            callId = call.id();
            var agentLeg = calls.addLeg(callId, LegKind.SIP, Party.agent(agentId("alice"), "sip:alice@switchboard.local", "Alice"));
            calls.legAnswered(agentLeg.id());
            calls.hangup(callId, EndReason.CALLER_HANGUP);

            await("call log queued", () -> entryFor(outbox, callId).isPresent());
            Thread.sleep(1500); // two dispatcher ticks with no connector
            assertEquals(OutboxStatus.PENDING, entryFor(outbox, callId).get().status());
        } finally {
            crm.start();
        }
        await("call log delivered", () -> entryFor(outbox, callId).map(e -> e.status() == OutboxStatus.DELIVERED).orElse(false));
        assertTrue(entryFor(outbox, callId).get().crmRef().orElse("").startsWith("local:Task:"));
    }

    /**
     * Twenty real SIP calls: a SIPp carrier on the trunk calls alice's DID twenty times at once and
     * her SIPp phone answers them all; the CRM bundle restarts while they talk. Every call must
     * run to its BYE (SIPp counts each one) and every call's log must reach the CRM.
     */
    @Test
    public void restartingTheCrmDuringTwentyLiveCallsDropsNoCallAndLosesNoLog() throws Exception {
        CallService calls = awaitService(CallService.class);
        Outbox outbox = awaitService(Outbox.class);
        Instant since = Instant.now();
        Phone phone = started("alice", "answer.xml", registeredWithDigest("register.xml"), "-m", "20");
        Phone carrier = carrier("carrier-calls.xml", "-s", "+15550101", "-d", "6000", "-m", "20", "-l", "20", "-r", "20",
                "127.0.0.1:" + SIP);
        await("20 live calls", () -> calls.active().stream().filter(c -> c.state() == CallState.ACTIVE).count() == 20);
        Set<UUID> live = calls.active().stream().map(Call::id).collect(Collectors.toSet());

        Bundle crm = bundle("org.switchboard.crm.local");
        crm.stop();
        crm.start();
        awaitService(CrmConnector.class);

        assertEquals("no call dropped by the CRM restart", live, calls.active().stream()
                .filter(c -> c.state() == CallState.ACTIVE).map(Call::id).collect(Collectors.toSet()));
        carrier.assertDone(); // every call ran to its BYE
        phone.assertDone();
        await("all 20 call logs delivered", () -> live.stream().allMatch(id ->
                entryFor(outbox, id).map(e -> e.status() == OutboxStatus.DELIVERED).orElse(false)));
        assertEquals(20, awaitService(CallLogRepository.class).list(new CallLogQuery(Optional.empty(), 0, 100)).stream()
                .filter(l -> l.startedAt().isAfter(since) && l.disposition() == Disposition.ANSWERED).count());
    }

    @Test
    public void crmFeatureCanBeUninstalledAndInstalledAgain() throws Exception {
        String token = login("alice", "alice-secret");
        String version = featuresService.getFeature("switchboard-crm-local").getVersion();
        featuresService.uninstallFeature("switchboard-crm-local", version);
        try {
            assertEquals(503, get("/directory?q=acme", token).status());
            assertEquals(200, get("/agents/me", token).status());
        } finally {
            featuresService.installFeature("switchboard-crm-local", version);
        }
        await("directory back after reinstall", () -> statusOf("/directory?q=acme", token) == 200);
        assertTrue(featuresService.isInstalled(featuresService.getFeature("switchboard-crm-local")));
    }

    private static Optional<OutboxEntry> entryFor(Outbox outbox, UUID callId) {
        return outbox.list(Optional.empty(), 1000).stream().filter(e -> e.callLogId().equals(callId)).findFirst();
    }
}
