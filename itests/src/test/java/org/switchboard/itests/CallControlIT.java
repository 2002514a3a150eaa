package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.number.E164;

/**
 * Third-party call control over REST, against core's state machine. The calls are started in
 * the probe the way the SIP adapter reports them (caller leg, callee leg to an agent, answer),
 * with the B2BUA off: no phones are registered here, so a SIP adapter would (rightly) fail every
 * transfer target at once. SipCallIT covers the B2BUA with real SIP peers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CallControlIT extends SwitchboardTestSupport {
    private CallService calls;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(baseConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "b2bua", "false"));
        return options.toArray(new Option[0]);
    }

    @Before
    public void healthy() throws Exception {
        awaitHealthy();
        calls = awaitService(CallService.class);
    }

    @Test
    public void agentHoldsResumesMutesAndHangsUpHerCall() throws Exception {
        String alice = login("alice", "alice-secret");
        Call call = answeredInboundCallTo("alice");
        String path = "/calls/" + call.id();

        Answer listed = get("/calls", alice);
        assertTrue(listed.body().toString(), listed.body().toString().contains(call.id().toString()));

        Answer held = post(path + "/hold", alice, "");
        assertEquals(200, held.status());
        assertEquals("HELD", held.body().path("state").asText());
        assertTrue("the caller's leg is held", leg(held.body(), "CALLER").path("held").asBoolean());

        assertEquals("ACTIVE", post(path + "/resume", alice, "").body().path("state").asText());
        Answer muted = post(path + "/mute", alice, "");
        assertTrue(leg(muted.body(), "CALLEE").path("muted").asBoolean());
        assertEquals(false, leg(post(path + "/unmute", alice, "").body(), "CALLEE").path("muted").asBoolean(true));

        Answer ended = post(path + "/hangup", alice, "");
        assertEquals("ENDED", ended.body().path("state").asText());
        CallLogRepository logs = awaitService(CallLogRepository.class);
        await("call log stored", () -> logs.find(call.id()).isPresent());
        assertEquals("ANSWERED", logs.find(call.id()).get().disposition().name());
    }

    @Test
    public void agentsCannotControlOtherAgentsCalls() throws Exception {
        Call call = answeredInboundCallTo("alice");
        String bob = login("bob", "bob-secret");
        Answer answer = post("/calls/" + call.id() + "/hold", bob, "");
        assertEquals(404, answer.status());
        assertEquals("not_found", answer.body().path("error").asText());
        // a supervisor may end any call
        assertEquals("ENDED", post("/calls/" + call.id() + "/hangup", login("carol", "carol-secret"), "")
                .body().path("state").asText());
    }

    @Test
    public void blindTransferOffersTheCallerToTheTargetExtension() throws Exception {
        String alice = login("alice", "alice-secret");
        Call call = answeredInboundCallTo("alice");
        Answer transferring = post("/calls/" + call.id() + "/transfer", alice, "{\"target\":\"1002\",\"mode\":\"blind\"}");
        assertEquals(transferring.body().toString(), 200, transferring.status());
        assertEquals("TRANSFERRING", transferring.body().path("state").asText());

        Leg toBob = calls.find(call.id()).orElseThrow().liveLegs().stream()
                .filter(l -> l.party().address().equals("1002")).findFirst().orElseThrow();
        calls.legAnswered(toBob.id());
        Answer bobsView = get("/calls/" + call.id(), login("bob", "bob-secret"));
        assertEquals("ACTIVE", bobsView.body().path("state").asText());
        Leg alicesLeg = calls.find(call.id()).orElseThrow().legs().stream()
                .filter(l -> l.party().address().equals("1001")).findFirst().orElseThrow();
        assertEquals("alice left the call", "TRANSFERRED", alicesLeg.endReason().map(Enum::name).orElse("still up"));
        calls.hangup(call.id(), EndReason.CALLER_HANGUP);
    }

    @Test
    public void warmTransferConsultsThenJoinsTheTarget() throws Exception {
        String alice = login("alice", "alice-secret");
        Call call = answeredInboundCallTo("alice");
        Answer consultation = post("/calls/" + call.id() + "/transfer", alice, "{\"target\":\"1002\",\"mode\":\"warm\"}");
        assertEquals(consultation.body().toString(), 200, consultation.status());
        String consultId = consultation.body().path("id").asText();
        assertEquals("the caller waits on hold", "HELD", calls.find(call.id()).orElseThrow().state().name());

        Leg toBob = calls.find(UUID.fromString(consultId)).orElseThrow().liveLegs().stream()
                .filter(l -> l.party().address().equals("1002")).findFirst().orElseThrow();
        calls.legAnswered(toBob.id());
        assertEquals(409, post("/calls/" + call.id() + "/complete-transfer", alice, "").status());
        Answer done = post("/calls/" + consultId + "/complete-transfer", alice, "");
        assertEquals(done.body().toString(), 200, done.status());

        Call after = calls.find(call.id()).orElseThrow();
        assertEquals("ACTIVE", after.state().name());
        assertTrue("bob now talks to the caller",
                after.liveLegs().stream().anyMatch(l -> l.party().address().equals("1002")));
        calls.hangup(call.id(), EndReason.CALLER_HANGUP);
    }

    @Test
    public void transferToGarbageIsRefused() throws Exception {
        String alice = login("alice", "alice-secret");
        Call call = answeredInboundCallTo("alice");
        Answer answer = post("/calls/" + call.id() + "/transfer", alice, "{\"target\":\"*#\"}");
        assertEquals(400, answer.status());
        assertEquals(400, post("/calls/" + call.id() + "/transfer", alice, "{}").status());
        assertEquals(404, post("/calls/" + UUID.randomUUID() + "/hangup", alice, "").status());
        calls.hangup(call.id(), EndReason.CALLER_HANGUP);
    }

    private Call answeredInboundCallTo(String username) throws Exception {
        JsonNode me = get("/agents/me", login(username, username + "-secret")).body();
        Call call = calls.open(CallDirection.INBOUND, LegKind.SIP, Party.external(E164.of("+15551230001")),
                me.path("did").asText(), Optional.empty());
        Leg agentLeg = calls.addLeg(call.id(), LegKind.SIP,
                Party.agent(UUID.fromString(me.path("id").asText()), me.path("extension").asText(), me.path("displayName").asText()));
        calls.legRinging(agentLeg.id());
        return calls.legAnswered(agentLeg.id());
    }

    private static JsonNode leg(JsonNode call, String role) {
        return StreamSupport.stream(call.path("legs").spliterator(), false)
                .filter(l -> role.equals(l.path("role").asText()) && !"ENDED".equals(l.path("state").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no live " + role + " leg in " + call));
    }
}
