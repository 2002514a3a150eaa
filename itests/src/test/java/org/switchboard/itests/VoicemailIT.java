package org.switchboard.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.switchboard.itests.TelephonyTestSupport.Phone;
import org.switchboard.testing.salesforce.SalesforceEmulator;
import org.switchboard.testing.salesforce.SalesforceEmulator.Demo;

/**
 * Voicemail as the caller, the agent and both CRMs see it, on the real distribution with the
 * Salesforce emulator as a second CRM (as in SalesforceIT): the carrier's caller hears the greeting
 * at a socket of the test, leaves a 1000 Hz message and hangs up; the message is an MP3 in the
 * inbox, on the call log (disposition VOICEMAIL) and in both CRMs' Tasks, each with a link that
 * plays it. Step 1: the main number with nobody available goes to voicemail at once; step 2: alice's
 * DID goes there after her desk phone rang unanswered.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class VoicemailIT extends RecordingServerSupport {
    private static final String CLIENT_ID = "switchboard-itest-app";
    /** A packet whose mean absolute sample is above this carries sound (a greeting), not silence. */
    private static final double AUDIBLE = 300;

    private static SalesforceEmulator salesforce;
    private static SwitchboardServer server;

    @BeforeClass
    public static void salesforceAndSwitchboard() throws Exception {
        salesforce = SalesforceEmulator.start();
        KeyPair keys = SalesforceEmulator.newKeyPair();
        salesforce.registerApp(CLIENT_ID, (RSAPublicKey) keys.getPublic());
        salesforce.seedDemo();
        server = unpackServer(VoicemailIT.class);
        Path key = server.home().resolve("etc/salesforce-itest.key");
        Files.writeString(key, SalesforceEmulator.pem(keys.getPrivate()));
        // the caller's ear is a socket of the test, not the port SIPp sends from
        server.configure("org.switchboard.media.cfg", "latching", "false")
                // alice's phone rings 6 s before her voicemail answers, not the default 20 s
                .configure("org.switchboard.core.voicemail.cfg", "agentRingSeconds", "6")
                .configure("org.switchboard.core.outbox.cfg", "maxBackoffSeconds", "2")
                .configure("org.switchboard.crm.salesforce.cfg", Map.of(
                        "loginUrl", salesforce.url().toString(),
                        "clientId", CLIENT_ID,
                        "username", Demo.INTEGRATION_USERNAME,
                        "privateKeyFile", key.toString(),
                        "apiVersion", "62.0",
                        "callbackUrl", "http://127.0.0.1:" + HTTP_PORT + "/switchboard/crm-salesforce/oauth/callback"));
        server.start();
    }

    @AfterClass
    public static void stopBoth() throws Exception {
        try {
            if (server != null) {
                server.destroy();
            }
        } finally {
            if (salesforce != null) {
                salesforce.close();
            }
        }
    }

    @Test
    public void step1_theMainNumberWithNobodyAvailableGoesToVoicemailAtOnce() throws Exception {
        CONSOLE.run("sb:presence alice offline");
        CONSOLE.run("sb:presence bob offline");
        String carol = login("carol", "carol-secret");
        Message message = leaveMessage(MAIN_NUMBER, HANAKO, carol);

        double toGreeting = seconds(message.invited(), message.greetingStarted());
        assertTrue("the greeting starts at once, not after a ring time: " + toGreeting + " s", toGreeting <= 1.5);
        String alice = login("alice", "alice-secret");
        JsonNode voicemail = awaitInbox(alice, message.callId());
        assertTrue("a group's voicemail has no agent: " + voicemail, voicemail.path("agentId").isNull()
                || voicemail.path("agentId").isMissingNode());
        awaitInbox(login("bob", "bob-secret"), message.callId()); // every member of support sees it
        // the log of a group's voicemail has no agent: only supervisors read it in the REST API
        assertPlayableEverywhere(alice, carol, message, voicemail);
    }

    @Test
    public void step2_aCallToAlicesDidThatRingsUnansweredGoesToHerVoicemail() throws Exception {
        String registered = SipSupport.sipp("register.xml", ALICE_PHONE, SIP_PORT);
        assertTrue("alice's phone registered: " + registered, registered.startsWith("exit 0"));
        String alice = login("alice", "alice-secret");
        CONSOLE.run("sb:presence alice available");
        Phone phone = phoneIn(Files.createTempDirectory("alice-"), "alice", "ring-until-voicemail.xml", ALICE_PHONE,
                "-timeout", "120s");
        String carol = login("carol", "carol-secret");
        Message message = leaveMessage(ALICE_DID, "+15557770002", carol);

        assertFinishes(phone, Duration.ofSeconds(30)); // it rang, and was cancelled when voicemail took the call
        double rang = seconds(message.invited(), message.answered());
        assertTrue("alice's phone rang first (agentRingSeconds = 6): answered after " + rang + " s", rang >= 5);
        JsonNode voicemail = awaitInbox(alice, message.callId());
        assertEquals("alice's own box", get("/agents/me", alice).body().path("id").asText(),
                voicemail.path("agentId").asText());
        assertPlayableEverywhere(alice, alice, message, voicemail);
    }

    /** What the test saw of a voicemail call, from the caller's side. */
    private record Message(String callId, Instant invited, Instant answered, Instant greetingStarted,
            Instant recordingFrom, Instant hungUp) {}

    /**
     * The carrier's caller calls {@code number} playing 1000 Hz all along and hangs up 12 s after
     * the answer; a supervisor's view of the call tells when the message starts being recorded.
     */
    private Message leaveMessage(String number, String caller, String supervisor) throws Exception {
        try (RtpCapture ear = new RtpCapture()) {
            Instant anchor = Instant.now();
            long anchorNanos = System.nanoTime();
            Phone carrier = carrierCallsWithTone("carrier-tone-ear.xml", number, caller, 90.0, 12_000, "-key", "mport",
                    String.valueOf(ear.port()));
            JsonNode call = awaitCall(supervisor, "the call from " + caller, c -> c.path("from").asText().contains(caller));
            String callId = call.path("id").asText();
            Instant recordingFrom = awaitRecordingPhase(supervisor, callId);
            assertFinishes(carrier, Duration.ofSeconds(120));
            Instant invited = traced(carrier, "INVITE ");
            Instant answered = traced(carrier, "SIP/2.0 200 OK");
            Instant hungUp = traced(carrier, "BYE ");
            Optional<Instant> firstSound = ear.take().stream()
                    .filter(p -> RtpCapture.loudness(List.of(p)) > AUDIBLE)
                    .map(p -> anchor.plusNanos(p.receivedNanos() - anchorNanos))
                    .filter(at -> !at.isBefore(answered)).findFirst();
            assertTrue("the caller heard a greeting once answered", firstSound.isPresent());
            assertTrue("the greeting plays before the message is recorded", firstSound.get().isBefore(recordingFrom));
            return new Message(callId, invited, answered, firstSound.get(), recordingFrom, hungUp);
        }
    }

    /** When a supervisor's view of the call first shows the voicemail recording the caller. */
    private Instant awaitRecordingPhase(String token, String callId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Answer call = get("/calls/" + callId, token);
            last = call.body();
            if ("RECORDING".equalsIgnoreCase(call.body().path("voicemail").path("phase").asText())) {
                return Instant.now();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the call never showed voicemail phase RECORDING: " + last);
    }

    /** The message in {@code token}'s agent's voicemail inbox, once READY. */
    private JsonNode awaitInbox(String token, String callId) throws InterruptedException {
        JsonNode[] found = new JsonNode[1];
        List<String> seen = new ArrayList<>();
        try {
            await("voicemail of call " + callId + " READY in the inbox", () -> {
                try {
                    Answer inbox = get("/recordings?kind=voicemail", token);
                    seen.add(inbox.status() + " " + inbox.body());
                    for (JsonNode item : items(inbox.body())) {
                        if (callId.equals(item.path("callId").asText()) && "READY".equalsIgnoreCase(item.path("status").asText())) {
                            found[0] = item;
                            return true;
                        }
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last inbox: " + (seen.isEmpty() ? "none" : seen.get(seen.size() - 1)));
        }
        assertEquals("VOICEMAIL", found[0].path("kind").asText().toUpperCase());
        return found[0];
    }

    /**
     * The message plays from the inbox, from the call log's link, from the local CRM's Task and from
     * the Salesforce Task's description: the same MP3 each time, 1000 Hz from the beep to the hang-up.
     */
    private void assertPlayableEverywhere(String token, String logReader, Message message, JsonNode voicemail)
            throws Exception {
        String recordingId = voicemail.path("id").asText();
        Mp3 mp3 = download(voicemail.path("audioUrl").asText(), voicemail);
        double left = seconds(message.recordingFrom(), message.hungUp());
        assertEquals("voicemail is mono", 1, mp3.channels().size());
        assertEquals("the message lasts from the beep to the hang-up (" + left + " s)", left, mp3.seconds(),
                Math.max(0.5, left * 0.1));
        Tones.assertToneLasts("the caller's message", mp3.channels().get(0), Tones.CALLER_HZ, Tones.NOBODY_HZ,
                mp3.seconds(), Math.max(0.5, mp3.seconds() * 0.1));
        byte[] bytes = fetch(voicemail.path("audioUrl").asText()).body();

        JsonNode log = awaitLogWithRecording(logReader, message.callId(), recordingId);
        assertEquals("VOICEMAIL", log.path("disposition").asText());
        String link = linkOf(log, recordingId).orElseThrow();
        assertArrayEquals("the call log's link plays the message", bytes, fetch(link).body());

        String localTask = awaitLocalTaskAudio(token, log, recordingId);
        HttpResponse<byte[]> fromLocalCrm = fetch(localTask.startsWith("/") ? publicUrl() + localTask : localTask,
                "Authorization", "Bearer " + token);
        assertEquals("the local CRM Task's player: " + localTask, 200, fromLocalCrm.statusCode());
        assertArrayEquals(bytes, fromLocalCrm.body());

        List<Map<String, Object>> tasks = new ArrayList<>();
        await("the Salesforce Task's description carries the link", () -> {
            tasks.clear();
            tasks.addAll(salesforce.records("Task").stream().filter(t -> message.callId().equals(t.get("CallObject")))
                    .toList());
            return tasks.size() == 1 && String.valueOf(tasks.get(0).get("Description")).contains(link);
        });
        String description = String.valueOf(tasks.get(0).get("Description"));
        assertTrue(description, description.contains("Voicemail ("));
        assertFalse("the link is there once: " + description,
                description.indexOf(link) != description.lastIndexOf(link));
    }

    /** The audio URL the local CRM's Task (its JSON API) gives for the recording, once it is there. */
    private String awaitLocalTaskAudio(String token, JsonNode log, String recordingId) throws Exception {
        String taskUrl = null;
        for (JsonNode delivery : log.path("deliveries")) {
            if ("local".equals(delivery.path("connector").asText())) {
                taskUrl = delivery.path("url").asText();
            }
        }
        assertTrue("the call log was delivered to the local CRM: " + log, taskUrl != null && !taskUrl.isBlank());
        String taskId = taskUrl.substring(taskUrl.lastIndexOf('/') + 1);
        String[] audio = new String[1];
        await("the local CRM Task lists recording " + recordingId, () -> {
            try {
                HttpResponse<String> task = http.send(HttpRequest.newBuilder(URI.create(publicUrl()
                        + "/switchboard/crm/api/task/" + taskId)).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
                for (JsonNode recording : JSON.readTree(task.body()).path("recordings")) {
                    if (recordingId.equals(recording.path("id").asText())) {
                        audio[0] = recording.path("audio").asText();
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        return audio[0];
    }
}
