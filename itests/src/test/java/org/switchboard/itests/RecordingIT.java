package org.switchboard.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.switchboard.itests.TelephonyTestSupport.Phone;

/**
 * Recording as a caller, an agent and a supervisor's link see it, on the real distribution: the
 * carrier plays 1000 Hz, alice's desk phone 600 Hz; the MP3 that comes out is downloaded through
 * its link and decoded, and each tone must be where and as long as it was played. The main number
 * records every call (stereo here: caller left, agent right); alice's DID records only when asked
 * (REC, {@code POST /calls/{id}/record}), in the default mono after an admin switches back live.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class RecordingIT extends RecordingServerSupport {
    private static SwitchboardServer server;
    /** step1's recording: a valid signature of it must not open step2's. */
    private static String firstRecordingId;

    @BeforeClass
    public static void switchboard() throws Exception {
        server = unpackServer(RecordingIT.class);
        server.configure("org.switchboard.recording.cfg", "channels", "stereo");
        server.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    public void step1_theMainNumbersCallIsRecordedAutomaticallyWithTheCallerLeftAndTheAgentRight() throws Exception {
        String alice = login("alice", "alice-secret");
        Phone phone = alicesPhoneAnswersWithTone(1, 3.0);
        Phone carrier = carrierCallsWithTone("carrier-tone.xml", MAIN_NUMBER, HANAKO, 4.0, 5000);

        JsonNode call = awaitCall(alice, "alice answers the main number's call", activeFrom(HANAKO));
        String callId = call.path("id").asText();
        assertTrue("the main number records every call: " + call.path("recording"),
                call.path("recording").path("automatic").asBoolean());
        assertFinishes(carrier, Duration.ofSeconds(60));
        assertFinishes(phone, Duration.ofSeconds(60));

        JsonNode recording = awaitReadyRecordings(alice, callId, "CALL", 1, Duration.ofSeconds(60)).get(0);
        firstRecordingId = recording.path("id").asText();
        String audioUrl = recording.path("audioUrl").asText();
        assertTrue(audioUrl, audioUrl.startsWith(publicUrl() + "/api/v1/recordings/" + firstRecordingId + "/audio?"));
        Mp3 mp3 = download(audioUrl, recording);

        JsonNode log = awaitLogWithRecording(alice, callId, firstRecordingId);
        assertEquals("ANSWERED", log.path("disposition").asText());
        double talk = seconds(instant(log, "answeredAt"), instant(log, "endedAt"));
        assertEquals("stereo, as configured", 2, mp3.channels().size());
        assertEquals("the recording lasts the talk time (" + talk + " s)", talk, mp3.seconds(), talk * 0.1);
        assertEquals("durationSeconds", mp3.seconds(), recording.path("durationSeconds").asDouble(), 1.0);
        Wav left = mp3.channels().get(0);
        Wav right = mp3.channels().get(1);
        Tones.assertToneLasts("left: the caller", left, Tones.CALLER_HZ, Tones.AGENT_HZ, 4.0, 0.4);
        Tones.assertToneAbsent("left: not the agent", left, Tones.AGENT_HZ);
        Tones.assertToneLasts("right: the agent", right, Tones.AGENT_HZ, Tones.CALLER_HZ, 3.0, 0.3);
        Tones.assertToneAbsent("right: not the caller", right, Tones.CALLER_HZ);
    }

    @Test
    public void step2_recOnDemandRecordsFromStartToStopAndTheLinkServesRangesAndRefusesTampering() throws Exception {
        String switched = CONSOLE.run("config:property-set -p org.switchboard.recording channels mono");
        assertFalse(switched, switched.toLowerCase().contains("error"));
        String alice = login("alice", "alice-secret");
        String bob = login("bob", "bob-secret");
        String caller = "+15557770001";
        Phone phone = alicesPhoneAnswersWithTone(1, 20.0);
        Phone carrier = carrierCallsWithTone("carrier-tone.xml", ALICE_DID, caller, 20.0, 9000);

        JsonNode call = awaitCall(alice, "alice answers the call to her DID", activeFrom(caller));
        String callId = call.path("id").asText();
        assertTrue("a DID call is not recorded unasked: " + call.path("recording"),
                call.path("recording").isMissingNode() || call.path("recording").isNull());
        Answer notHers = post("/calls/" + callId + "/record", bob, "{\"action\":\"start\"}");
        assertEquals("bob is not on the call: " + notHers.body(), 403, notHers.status());
        assertEquals("forbidden", notHers.body().path("error").asText());
        assertEquals(400, post("/calls/" + callId + "/record", alice, "{\"action\":\"rewind\"}").status());

        Instant beforeStart = Instant.now();
        Answer started = post("/calls/" + callId + "/record", alice, "{\"action\":\"start\"}");
        Instant start = midpoint(beforeStart, Instant.now());
        assertEquals(started.body().toString(), 200, started.status());
        assertFalse("REC on demand is not automatic", started.body().path("recording").path("automatic").asBoolean(true));
        Thread.sleep(3000);
        Instant beforeStop = Instant.now();
        Answer stopped = post("/calls/" + callId + "/record", alice, "{\"action\":\"stop\"}");
        Instant stop = midpoint(beforeStop, Instant.now());
        assertEquals(stopped.body().toString(), 200, stopped.status());
        assertFinishes(carrier, Duration.ofSeconds(60));
        assertFinishes(phone, Duration.ofSeconds(60));

        JsonNode recording = awaitReadyRecordings(alice, callId, "CALL", 1, Duration.ofSeconds(60)).get(0);
        String recordingId = recording.path("id").asText();
        Mp3 mp3 = download(recording.path("audioUrl").asText(), recording);
        double asked = seconds(start, stop);
        assertEquals("mono, the default an admin switched back to live", 1, mp3.channels().size());
        assertEquals("recorded from REC to stop (" + asked + " s)", asked, mp3.seconds(), Math.max(0.3, asked * 0.1));
        Wav mix = mp3.channels().get(0);
        Tones.assertToneLasts("the mix holds the caller", mix, Tones.CALLER_HZ, Tones.NOBODY_HZ, mp3.seconds(),
                mp3.seconds() * 0.1);
        Tones.assertToneLasts("the mix holds the agent", mix, Tones.AGENT_HZ, Tones.NOBODY_HZ, mp3.seconds(),
                mp3.seconds() * 0.1);

        JsonNode log = awaitLogWithRecording(alice, callId, recordingId);
        String link = linkOf(log, recordingId).orElseThrow();
        HttpResponse<byte[]> whole = fetch(link);
        assertEquals("the call log's link needs no session", 200, whole.statusCode());
        byte[] bytes = whole.body();
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(""));

        HttpResponse<byte[]> range = fetch(link, "Range", "bytes=100-199");
        assertEquals(206, range.statusCode());
        assertEquals("bytes 100-199/" + bytes.length, range.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(bytes, 100, 200), range.body());
        HttpResponse<byte[]> tail = fetch(link, "Range", "bytes=-50");
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 50, bytes.length), tail.body());
        HttpResponse<byte[]> pastTheEnd = fetch(link, "Range", "bytes=" + bytes.length + "-");
        assertEquals(416, pastTheEnd.statusCode());
        assertEquals("bytes */" + bytes.length, pastTheEnd.headers().firstValue("Content-Range").orElse(""));

        for (String tampered : tamperedVersionsOf(link, recordingId)) {
            HttpResponse<byte[]> refused = fetch(tampered);
            assertEquals("tampered link " + tampered, 403, refused.statusCode());
            assertEquals("link_invalid", JSON.readTree(refused.body()).path("error").asText());
        }
    }

    /** The link with its signature changed, its expiry moved, and pointed at another recording. */
    private static List<String> tamperedVersionsOf(String link, String recordingId) {
        Matcher sig = Pattern.compile("([?&]sig=)([^&]+)").matcher(link);
        Matcher expires = Pattern.compile("([?&]expires=)([0-9]+)").matcher(link);
        assertTrue("the link carries sig and expires: " + link, sig.find() && expires.find());
        String signature = sig.group(2);
        char flipped = signature.charAt(0) == 'A' ? 'B' : 'A';
        List<String> tampered = new java.util.ArrayList<>(List.of(
                link.substring(0, sig.start(2)) + flipped + signature.substring(1) + link.substring(sig.end(2)),
                link.substring(0, expires.start(2)) + (Long.parseLong(expires.group(2)) + 1) + link.substring(expires.end(2))));
        if (firstRecordingId != null) {
            tampered.add(link.replace(recordingId, firstRecordingId));
        }
        return tampered;
    }

    private static Instant midpoint(Instant a, Instant b) {
        return a.plus(Duration.between(a, b).dividedBy(2));
    }
}
