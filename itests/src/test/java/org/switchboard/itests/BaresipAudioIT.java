package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.switchboard.api.call.CallService;

/**
 * Audio in both directions through the B2BUA and the media relay, between two real softphones:
 * baresip as alice (ext 1001) calls 1002, baresip as bob auto-answers. Each phone's microphone is
 * a generated WAV, alice a 1000 Hz tone and bob a 1500 Hz tone; each phone dumps what it hears
 * (see {@link BaresipPhone}). A Goertzel filter then proves bob heard alice's tone and not his
 * own, and alice heard bob's and not her own, well above a reference frequency nobody sends. If
 * the relay dropped, muted, looped back or mangled (wrong codec) either direction, the
 * recordings would be silent, carry the wrong tone or noise, and the test fails with the levels
 * it measured. Finally core must have logged the call as answered (REST, as supervisor carol).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BaresipAudioIT extends BaresipTestSupport {
    static final double TALK_SECONDS = 5;
    /** The tone must be heard for most of the talk time, not in a blip. */
    static final double MIN_TONE_SECONDS = 0.6 * TALK_SECONDS;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(baseConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "b2bua", "true"));
        return options.toArray(new Option[0]);
    }

    @Test
    public void aliceAndBobHearEachOtherThroughTheB2bua() throws Exception {
        talkAndListen("", "");
        passed = true;
    }

    /**
     * Alice's phone speaks only A-law, bob's only µ-law: each leg gets its own codec and the relay
     * transcodes, so each still hears the other's tone.
     */
    @Test
    public void anALawPhoneAndAMuLawPhoneHearEachOtherThroughTranscoding() throws Exception {
        PhoneLogs logs = talkAndListen("PCMA/8000", "PCMU/8000");
        // the rig: alice's signalling offered and got A-law, and never mentioned µ-law (payload 0)
        assertTrue("alice's call used A-law:\n" + logs.alice(), logs.alice().matches("(?s).*m=audio \\d+ RTP/AVP 8\\b.*")
                && !logs.alice().matches("(?s).*m=audio \\d+ RTP/AVP[ 0-9]* 0\\b.*"));
        assertTrue("bob's call used µ-law:\n" + logs.bob(), logs.bob().matches("(?s).*m=audio \\d+ RTP/AVP 0\\b.*"));
        passed = true;
    }

    private record PhoneLogs(String alice, String bob) {}

    /** Alice calls bob, each phone restricted to its codecs ("" = all), and each must hear the other. */
    private PhoneLogs talkAndListen(String aliceCodecs, String bobCodecs) throws Exception {
        Instant since = Instant.now();
        // not under karaf.home or java.io.tmpdir (Karaf's data/tmp): baresip's sndfile truncates long paths
        work = Files.createTempDirectory(Path.of("/tmp"), "sb-audio-");
        Path aliceMic = work.resolve("alice-1000hz.wav");
        Path bobMic = work.resolve("bob-1500hz.wav");
        Wav.writeTone(aliceMic, 8000, ALICE_TONE, 20, TONE_AMPLITUDE);
        Wav.writeTone(bobMic, 8000, BOB_TONE, 20, TONE_AMPLITUDE);

        BaresipPhone bob = phone(BaresipPhone.start(work, "bob", "bob-secret", SIP_PORT, bobMic, true, true, bobCodecs));
        BaresipPhone alice = phone(BaresipPhone.start(work, "alice", "alice-secret", SIP_PORT, aliceMic, false, true,
                aliceCodecs));
        awaitPhones("both phones registered", () -> registered(bob) && registered(alice));

        long dialed = System.nanoTime();
        alice.command("dial", "sip:1002@switchboard.local");
        awaitPhones("the call established at both phones",
                () -> alice.saw("CALL_ESTABLISHED") && bob.saw("CALL_ESTABLISHED"));
        double setupSeconds = (System.nanoTime() - dialed) / 1e9;
        TimeUnit.MILLISECONDS.sleep((long) (TALK_SECONDS * 1000));
        alice.command("hangup", null);
        awaitPhones("the call closed at both phones", () -> alice.saw("CALL_CLOSED") && bob.saw("CALL_CLOSED"));
        quitAll();

        Goertzel.ToneReport aliceSent = measure(alice.sent(), ALICE_TONE, BOB_TONE);
        Goertzel.ToneReport bobSent = measure(bob.sent(), BOB_TONE, ALICE_TONE);
        Goertzel.ToneReport bobHeard = measure(bob.heard(), ALICE_TONE, BOB_TONE);
        Goertzel.ToneReport aliceHeard = measure(alice.heard(), BOB_TONE, ALICE_TONE);
        String report = String.format(Locale.ROOT, "call set up in %.2f s, talked %.0f s%n"
                + "alice sent:  %s%nbob heard:   %s%nbob sent:    %s%nalice heard: %s%n",
                setupSeconds, TALK_SECONDS, aliceSent, bobHeard, bobSent, aliceHeard);
        Files.writeString(work.resolve("audio-report.txt"), report, StandardCharsets.UTF_8);
        System.out.print("BaresipAudioIT measured:\n" + report);

        // the phones themselves: if these fail, the test rig is broken, not Switchboard
        assertTone("alice's phone did not send her tone (aufile source broken?)", aliceSent, alice);
        assertTone("bob's phone did not send his tone (aufile source broken?)", bobSent, bob);
        // the B2BUA's media path, each direction
        assertTone("bob did not hear alice (alice -> bob audio)", bobHeard, bob);
        assertTone("alice did not hear bob (bob -> alice audio)", aliceHeard, alice);

        String carol = login("carol", "carol-secret");
        JsonNode[] log = new JsonNode[1];
        await("the call's log", () -> {
            try {
                for (JsonNode item : get("/call-logs?limit=50", carol).body().path("items")) {
                    if ("1002".equals(item.path("to").asText()) && "INTERNAL".equals(item.path("direction").asText())
                            && Instant.parse(item.path("startedAt").asText()).isAfter(since)) {
                        log[0] = item;
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(log[0].toString(), "ANSWERED", log[0].path("disposition").asText());
        assertTrue(log[0].toString(), log[0].path("talkSeconds").asLong() >= (long) TALK_SECONDS - 1);
        CallService calls = awaitService(CallService.class);
        await("no call left active", () -> calls.active().isEmpty());
        return new PhoneLogs(alice.log(), bob.log());
    }

    private static Goertzel.ToneReport measure(Path recording, double tone, double competing) throws Exception {
        return Goertzel.measure(Wav.read(recording), tone, competing, REFERENCE, SKIP_SECONDS,
                MIN_BLOCK_AMPLITUDE, MIN_BLOCK_DOMINANCE_DB);
    }

    private static void assertTone(String problem, Goertzel.ToneReport report, BaresipPhone phone) {
        boolean ok = report.toneDbfs() >= MIN_TONE_DBFS
                && report.overCompetingDb() >= MIN_DOMINANCE_DB
                && report.overReferenceDb() >= MIN_DOMINANCE_DB
                && report.toneSeconds() >= MIN_TONE_SECONDS;
        if (!ok) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: measured %s; needed the tone at >= %.0f dBFS, >= %.0f dB above both others, for >= %.1f s. "
                            + "%s's events: %s%n%s",
                    problem, report, MIN_TONE_DBFS, MIN_DOMINANCE_DB, MIN_TONE_SECONDS, phone.user,
                    phone.eventTypes(), phone.log()));
        }
    }

}
