package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.After;
import org.junit.Test;
import org.switchboard.itests.TelephonyTestSupport.Phone;

/**
 * kill -9 of Karaf during a recorded call, on the real distribution run as an admin runs it: the
 * main number's call (recorded automatically) talks for about 6 s, 1000 Hz from the caller and
 * 600 Hz from alice's desk phone, then the JVM dies with nothing flushed. After a restart on the
 * same data the recording becomes playable, holds both tones up to the kill, and its link is on
 * the call's log.
 */
public class RecordingCrashIT extends RecordingServerSupport {
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
    public void aRecordingCutByKillMinus9IsPlayableUpToTheKillAndLinkedAfterRestart() throws Exception {
        server = unpackServer(RecordingCrashIT.class);
        server.start();
        String alice = login("alice", "alice-secret");
        phone = alicesPhoneAnswersWithTone(1, 60.0);
        carrier = carrierCallsWithTone("carrier-tone.xml", MAIN_NUMBER, HANAKO, 60.0, 60_000);
        JsonNode call = awaitCall(alice, "alice answers the main number's call", activeFrom(HANAKO));
        String callId = call.path("id").asText();
        assertTrue("the main number records every call: " + call.path("recording"),
                call.path("recording").path("automatic").asBoolean());
        Instant answered = instant(call, "answeredAt");

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), answered.plusSeconds(6)).toMillis()));
        Instant killed = Instant.now();
        server.killHard();
        carrier.process().destroyForcibly();
        phone.process().destroyForcibly();
        server.start();

        alice = login("alice", "alice-secret");
        JsonNode recording = awaitReadyRecordings(alice, callId, "CALL", 1, Duration.ofSeconds(120)).get(0);
        Mp3 mp3 = download(recording.path("audioUrl").asText(), recording);
        double upToTheKill = seconds(answered, killed);
        assertEquals("the recording holds the call up to the kill (" + upToTheKill + " s)", upToTheKill, mp3.seconds(), 1.0);
        Wav mix = mp3.mix();
        Tones.assertToneLasts("the caller, up to the kill", mix, Tones.CALLER_HZ, Tones.NOBODY_HZ, upToTheKill, 1.0);
        Tones.assertToneLasts("the agent, up to the kill", mix, Tones.AGENT_HZ, Tones.NOBODY_HZ, upToTheKill, 1.0);

        JsonNode log = awaitLogWithRecording(alice, callId, recording.path("id").asText());
        String link = linkOf(log, recording.path("id").asText()).orElseThrow();
        assertEquals("the call log's link plays it", 200, fetch(link).statusCode());
    }
}
