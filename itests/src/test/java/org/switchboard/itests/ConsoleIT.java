package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
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
import org.osgi.service.cm.ConfigurationAdmin;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.number.E164;

/** The admin's `sb:` console commands against a running distribution. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleIT extends SwitchboardTestSupport {

    @Configuration
    public Option[] config() {
        return baseConfig();
    }

    @Before
    public void healthy() throws Exception {
        awaitHealthy();
    }

    @Test
    public void statusShowsComponentsAgentsAndOutbox() throws Exception {
        String out = executeCommand("sb:status");
        assertTrue(out, out.contains("store") && out.contains("UP"));
        assertTrue(out, out.contains("crm-local"));
        assertTrue(out, out.matches("(?s).*agents\\s*\\|\\s*\\|\\s*\\d+ \\{.*available=\\d+.*"));
        assertTrue(out, out.matches("(?s).*crm\\s*\\|\\s*UP\\s*\\|\\s*local.*"));
        assertTrue(out, out.contains("pending"));
    }

    @Test
    public void agentsTableListsTheDemoAgents() throws Exception {
        String out = executeCommand("sb:agents");
        assertTrue(out, out.contains("Username"));
        assertTrue(out, out.matches("(?s).*alice\\s*\\|\\s*Alice Anderson\\s*\\|\\s*1001\\s*\\|\\s*\\+15550101.*"));
        assertTrue(out, out.matches("(?s).*carol\\s*\\|.*\\|\\s*1003\\s*\\|\\s*-\\s*\\|\\s*supervisor.*"));
    }

    @Test
    public void agentAddCreatesAnAgentWhoCanLogIn() throws Exception {
        String out = executeCommand("sb:agent-add --name \"Dave Davis\" --did +15550104 --password dave-secret-1 dave 1004");
        assertTrue(out, out.contains("Created agent dave"));
        assertTrue(executeCommand("sb:agents").contains("Dave Davis"));
        assertEquals("+15550104", get("/agents/me", login("dave", "dave-secret-1")).body().path("did").asText());

        String duplicate = executeCommand("sb:agent-add --password dave-secret-2 dave 1005");
        assertTrue(duplicate, duplicate.contains("Error executing command"));
        String badExtension = executeCommand("sb:agent-add --password erin-secret-1 erin 12ab");
        assertTrue(badExtension, badExtension.contains("extension must be"));
    }

    @Test
    public void passwdChangesTheLoginPassword() throws Exception {
        executeCommand("sb:agent-add --password frank-old-secret frank 1006");
        String out = executeCommand("sb:passwd --password frank-new-secret frank");
        assertTrue(out, out.contains("Password changed for frank"));
        assertEquals(401, post("/sessions", null, "{\"username\":\"frank\",\"password\":\"frank-old-secret\"}").status());
        assertEquals(201, post("/sessions", null, "{\"username\":\"frank\",\"password\":\"frank-new-secret\"}").status());
        String tooShort = executeCommand("sb:passwd --password short frank");
        assertTrue(tooShort, tooShort.contains("password must be"));
    }

    @Test
    public void numbersShowsExtensionsDidsAndTheMainNumberGroup() throws Exception {
        String out = executeCommand("sb:numbers");
        assertTrue(out, out.matches("(?s).*1001\\s*\\|\\s*extension\\s*\\|\\s*alice.*"));
        assertTrue(out, out.matches("(?s).*\\+15550102\\s*\\|\\s*did\\s*\\|\\s*bob.*"));
        assertTrue(out, out.matches("(?s).*\\+15550100\\s*\\|\\s*group\\s*\\|\\s*group support\\s*\\|\\s*ring-all \\[alice,bob\\].*"));
    }

    @Test
    public void presenceCommandSetsWhatTheApiReports() throws Exception {
        String out = executeCommand("sb:presence bob away");
        assertTrue(out, out.contains("bob is away"));
        assertEquals("AWAY", get("/agents/me", login("bob", "bob-secret")).body().path("presence").asText());
        String unknown = executeCommand("sb:presence zed available");
        assertTrue(unknown, unknown.contains("no agent 'zed'"));
        String badValue = executeCommand("sb:presence bob sleeping");
        assertTrue(badValue, badValue.contains("unknown presence 'sleeping'"));
    }

    @Test
    public void brokenRestConfigurationTakesTheApiDownWithOneClearLogLineUntilFixed() throws Exception {
        ConfigurationAdmin configAdmin = awaitService(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration rest = configAdmin.getConfiguration("org.switchboard.rest", null);
        Dictionary<String, Object> original = rest.getProperties();
        Dictionary<String, Object> broken = copy(original);
        broken.put("sessionHours", "0");
        rest.update(broken);
        try {
            await("REST API withdrawn", () -> statusOf("/health", null) != 200);
            Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
            await("clear log line", () -> {
                try {
                    return Files.readString(log).contains("etc/org.switchboard.rest.cfg is invalid: sessionHours must be at least 1");
                } catch (IOException e) {
                    return false;
                }
            });
        } finally {
            rest.update(copy(original));
        }
        awaitHealthy();
    }

    @Test
    public void callsHangupAndDrainControlLiveCalls() throws Exception {
        CallService calls = awaitService(CallService.class);
        Call call = calls.open(CallDirection.INBOUND, LegKind.SIP, Party.external(E164.of("+15551230001")),
                "+15550101", Optional.empty());
        UUID alice = UUID.fromString(get("/agents/me", login("alice", "alice-secret")).body().path("id").asText());
        calls.legAnswered(calls.addLeg(call.id(), LegKind.SIP, Party.agent(alice, "1001", "Alice")).id());

        String listed = executeCommand("sb:calls");
        assertTrue(listed, listed.matches("(?s).*" + call.id() + "\\s*\\|\\s*inbound\\s*\\|\\s*\\+15551230001.*\\|\\s*alice\\s*\\|\\s*active.*"));

        String drained = executeCommand("sb:drain");
        assertTrue(drained, drained.contains("Draining"));
        try {
            calls.open(CallDirection.INBOUND, LegKind.SIP, Party.external(E164.of("+15551230002")), "+15550100", Optional.empty());
            throw new AssertionError("a new call was accepted while draining");
        } catch (IllegalCallStateException expected) {
            // refused, as it should be
        }
        assertTrue("the live call goes on", calls.find(call.id()).orElseThrow().state().isLive());
        assertTrue(executeCommand("sb:drain --off").contains("Accepting new calls"));

        String ended = executeCommand("sb:hangup " + call.id());
        assertTrue(ended, ended.contains("ended"));
        assertEquals("ENDED", calls.find(call.id()).orElseThrow().state().name());
        String unknown = executeCommand("sb:hangup " + call.id());
        assertTrue(unknown, unknown.contains("no live call"));
    }

    @Test
    public void recordAndRecordingsCommandsAreThereWithOneLineErrors() throws Exception {
        String listed = executeCommand("sb:recordings --kind voicemail --limit 5");
        assertTrue(listed, listed.contains("Agent/group") && listed.contains(" recordings"));
        String badStatus = executeCommand("sb:recordings --status lost");
        assertTrue(badStatus, badStatus.contains("unknown status 'lost'"));
        String notAnId = executeCommand("sb:recordings delete nope");
        assertTrue(notAnId, notAnId.contains("not a recording id"));
        String noCall = executeCommand("sb:record " + java.util.UUID.randomUUID() + " start");
        assertTrue(noCall, noCall.contains("no live call"));
        String badAction = executeCommand("sb:record " + java.util.UUID.randomUUID() + " rewind");
        assertTrue(badAction, badAction.contains("unknown action 'rewind'"));
    }

    @Test
    public void outboxShowsCountsAndTable() throws Exception {
        String out = executeCommand("sb:outbox --replay");
        assertTrue(out, out.contains("Retrying"));
        assertTrue(out, out.contains("Pending: "));
        assertTrue(out, out.contains("CRM record"));
        String bad = executeCommand("sb:outbox --status lost");
        assertTrue(bad, bad.contains("unknown status 'lost'"));
        String unknown = executeCommand("sb:outbox discard " + java.util.UUID.randomUUID());
        assertTrue(unknown, unknown.contains("is unknown"));
        String notAnId = executeCommand("sb:outbox retry nope");
        assertTrue(notAnId, notAnId.contains("not an outbox entry id"));
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> source) {
        Hashtable<String, Object> copy = new Hashtable<>();
        if (source != null) {
            for (String key : Collections.list(source.keys())) {
                copy.put(key, source.get(key));
            }
        }
        return copy;
    }
}
