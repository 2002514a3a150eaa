package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Test;
import org.switchboard.itests.TelephonyTestSupport.Phone;

/**
 * The hot-swap contract for the recording bundle: twenty recorded calls talk (the carrier calls
 * alice's DID, which an admin set to record every call, twenty times at once; her desk phone
 * answers them all, both sides playing a tone) while an admin runs {@code bundle:update
 * org.switchboard.recording}. No call drops, and every one of the twenty recordings becomes a
 * playable MP3 of its call, linked on its call log.
 */
public class RecordingUpdateIT extends RecordingServerSupport {
    private static final int CALLS = 20;
    private static final Pattern RECORDING_BUNDLE = Pattern.compile("(?m)^\\s*(\\d+)\\s*\\S\\s*(\\w+).*\\borg\\.switchboard\\.recording\\s*$");

    private SwitchboardServer server;
    private Phone carrier;
    private Phone phone;

    @After
    public void stopEverything() throws Exception {
        for (Phone sipp : new Phone[] {carrier, phone}) {
            if (sipp != null) {
                sipp.process().destroyForcibly();
            }
        }
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    public void updatingTheRecordingBundleDuringTwentyRecordedCallsDropsNoCallAndLosesNoRecording() throws Exception {
        server = unpackServer(RecordingUpdateIT.class);
        server.configure("org.switchboard.core.numberplan.cfg", "recordedNumbers", ALICE_DID);
        server.start();
        String alice = login("alice", "alice-secret");
        phone = alicesPhoneAnswersWithTone(CALLS, 60.0);
        carrier = carrierCallsWithTone("carrier-tone.xml", ALICE_DID, HANAKO, 60.0, 15_000, "-m", String.valueOf(CALLS),
                "-l", String.valueOf(CALLS), "-r", String.valueOf(CALLS));

        await(CALLS + " recorded calls up", () -> liveRecordedCalls(alice).size() == CALLS);
        Set<String> live = liveRecordedCalls(alice);
        String id = recordingBundle()[0];
        String updated = CONSOLE.run("bundle:update " + id);
        assertTrue(updated, !updated.toLowerCase().contains("error"));
        await("the recording bundle active again", () -> "Active".equals(recordingBundle()[1]));
        awaitComponentUp("recordings");
        assertEquals("no call dropped by the update", live, liveRecordedCalls(alice));

        assertFinishes(carrier, Duration.ofSeconds(90)); // SIPp exits 0 only when every call ran to its BYE's 200
        assertFinishes(phone, Duration.ofSeconds(30));
        for (String callId : live) {
            JsonNode recording = awaitReadyRecordings(alice, callId, "CALL", 1, Duration.ofSeconds(120)).get(0);
            JsonNode log = awaitLogWithRecording(alice, callId, recording.path("id").asText());
            assertEquals("ANSWERED", log.path("disposition").asText());
            double talk = seconds(instant(log, "answeredAt"), instant(log, "endedAt"));
            Mp3 mp3 = download(recording.path("audioUrl").asText(), recording);
            assertEquals("call " + callId + " recorded whole (" + talk + " s)", talk, mp3.seconds(), talk * 0.1);
            Tones.assertToneLasts("call " + callId + ": the caller", mp3.mix(), Tones.CALLER_HZ, Tones.NOBODY_HZ,
                    mp3.seconds(), mp3.seconds() * 0.1);
        }
    }

    /** Ids of alice's answered calls that are being recorded. */
    private Set<String> liveRecordedCalls(String token) {
        try {
            List<JsonNode> calls = items(get("/calls", token).body());
            return calls.stream().filter(activeFrom(HANAKO)).filter(c -> c.path("recording").hasNonNull("recordingId"))
                    .map(c -> c.path("id").asText()).collect(Collectors.toCollection(TreeSet::new));
        } catch (Exception e) {
            return Set.of();
        }
    }

    /** The recording bundle's id and state, as {@code bundle:list} shows them. */
    private String[] recordingBundle() {
        try {
            String list = CONSOLE.run("bundle:list -s -t 0");
            Matcher row = RECORDING_BUNDLE.matcher(list);
            if (!row.find()) {
                throw new AssertionError("no org.switchboard.recording in bundle:list: " + list);
            }
            return new String[] {row.group(1), row.group(2)};
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            return new String[] {"", ""};
        }
    }
}
