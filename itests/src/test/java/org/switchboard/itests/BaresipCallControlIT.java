package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
import org.switchboard.api.call.CallService;

/**
 * Third-party call control heard through real softphones: the agent's REST calls act on a call
 * between baresip phones, and what the far end hears proves the media followed. As in
 * {@link BaresipAudioIT} each phone's microphone is a tone (alice 1000 Hz, bob 1500 Hz, carol
 * 2000 Hz) and each phone dumps what it hears; a Goertzel filter reads the dumps in 50 ms blocks.
 *
 * <p>The dumps are cut where the test acted: when it sends a REST request it notes how many
 * samples the phone has heard so far ({@link BaresipPhone#heardSamples()}), so the segments line
 * up with the recording itself whatever early media or jitter buffering delayed it. Each segment
 * leaves out {@value #MARGIN_SECONDS} s on either side of a mark, for the change to propagate.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BaresipCallControlIT extends BaresipTestSupport {
    static final double CAROL_TONE = 2000;
    /** One of the two ringback frequencies (440 + 480 Hz) Switchboard plays while a transfer target rings. */
    static final double RINGBACK_TONE = 440;
    static final double MIC_SECONDS = 30;
    /** Left out around each mark (a REST request, a phone's event) while the change propagates. */
    static final double MARGIN_SECONDS = 0.5;
    static final double TALK_SECONDS = 3;
    static final double HOLD_SECONDS = 3;
    /** A segment must be at least this long to judge it. */
    static final double MIN_SEGMENT_SECONDS = 1;
    /** The tone must be present in most of a segment, not in a blip. */
    static final double MIN_TONE_SHARE = 0.6;

    /** On hold bob's tone must be gone: 40 dB below what alice heard of him before (and see {@link HoldMusicReport}). */
    static final double MIN_HOLD_SUPPRESSION_DB = 40;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(baseConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.sip.cfg", "b2bua", "true"));
        return options.toArray(new Option[0]);
    }

    /**
     * alice calls bob, they talk; bob's agent holds the call from REST: Switchboard re-INVITEs alice
     * with a=sendonly and plays her the hold music instead of bob; resume re-INVITEs her with
     * a=sendrecv and bob's voice comes back.
     */
    @Test
    public void holdFromRestPlaysMusicToTheCallerAndResumeBringsTheAgentBack() throws Exception {
        work = Files.createTempDirectory(Path.of("/tmp"), "sb-hold-");
        BaresipPhone bob = phone(work, "bob", BOB_TONE, true);
        BaresipPhone alice = phone(work, "alice", ALICE_TONE, false);
        // without it baresip 1.0 stops alice's dec.wav at the hold re-INVITE (see the method)
        alice.keepHearingThroughHold(Duration.ofSeconds(60));
        awaitPhones("both phones registered", () -> registered(bob) && registered(alice));
        String bobToken = login("bob", "bob-secret");

        alice.command("dial", "sip:1002@switchboard.local");
        awaitPhones("the call established at both phones",
                () -> alice.saw("CALL_ESTABLISHED") && bob.saw("CALL_ESTABLISHED"));
        String callId = awaitLiveCall(bobToken, "ACTIVE");
        TimeUnit.MILLISECONDS.sleep((long) (TALK_SECONDS * 1000));

        long holdMark = alice.heardSamples();
        Answer held = post("/calls/" + callId + "/hold", bobToken, "{}");
        assertEquals("hold: " + held.body(), 200, held.status());
        assertEquals("hold: " + held.body(), "HELD", held.body().path("state").asText());
        TimeUnit.MILLISECONDS.sleep((long) (HOLD_SECONDS * 1000));
        long resumeMark = alice.heardSamples();
        Answer resumed = post("/calls/" + callId + "/resume", bobToken, "{}");
        assertEquals("resume: " + resumed.body(), 200, resumed.status());
        assertEquals("resume: " + resumed.body(), "ACTIVE", resumed.body().path("state").asText());
        TimeUnit.MILLISECONDS.sleep((long) (TALK_SECONDS * 1000));
        long endMark = alice.heardSamples();

        alice.command("hangup", null);
        awaitPhones("the call closed at both phones", () -> alice.saw("CALL_CLOSED") && bob.saw("CALL_CLOSED"));
        quitAll();

        Wav heard = alice.heardAll();
        int rate = heard.sampleRate();
        Goertzel.ToneReport talk = measure(slice(heard, SKIP_SECONDS, seconds(holdMark, rate) - MARGIN_SECONDS),
                BOB_TONE, ALICE_TONE);
        Wav holdSegment = slice(heard, seconds(holdMark, rate) + MARGIN_SECONDS,
                seconds(resumeMark, rate) - MARGIN_SECONDS);
        HoldMusicReport music = HoldMusicReport.of(holdSegment, BOB_TONE);
        Goertzel.ToneReport afterResume = measure(slice(heard, seconds(resumeMark, rate) + MARGIN_SECONDS,
                seconds(endMark, rate) - MARGIN_SECONDS), BOB_TONE, ALICE_TONE);
        String report = String.format(Locale.ROOT, "alice's recording %.2f s (%d dumps); hold at %.2f s, resume at"
                + " %.2f s, end at %.2f s of it%n"
                + "talk:         %s%nhold:         %s%nafter resume: %s%n"
                + "bob's tone gone %.0f ms after the hold request, back %.0f ms after resume%n",
                heard.seconds(), alice.dumps("-dec.wav").size(), seconds(holdMark, rate), seconds(resumeMark, rate),
                seconds(endMark, rate), talk, music, afterResume,
                1000 * latency(heard, holdMark, false), 1000 * latency(heard, resumeMark, true));
        Files.writeString(work.resolve("hold-report.txt"), report, StandardCharsets.UTF_8);
        System.out.print("BaresipCallControlIT hold measured:\n" + report);

        // the recording runs to the end: baresip rebuilt its decode dump at the hold re-INVITE
        assertTrue(String.format(Locale.ROOT, "alice's recording stops at %.2f s, the call's audio ran to %.2f s: "
                + "decode dumps %s, encode dumps %s (keepHearingThroughHold did not apply?)%n%s", heard.seconds(),
                seconds(endMark, rate), alice.dumps("-dec.wav"), alice.dumps("-enc.wav"), alice.log()),
                heard.seconds() >= seconds(endMark, rate) - MARGIN_SECONDS);
        assertTone("before the hold alice did not hear bob", talk, alice);
        assertMusic(music, talk, alice);
        assertTone("after resume alice did not hear bob again", afterResume, alice);

        // alice's phone was told: Switchboard's re-INVITEs, a=sendonly then a=sendrecv, answered 200
        List<SipMessage> trace = SipMessage.parse(alice.log());
        List<SipMessage> reinvites = trace.stream()
                .filter(m -> m.received(alice.sipPort) && m.startLine().startsWith("INVITE ")).toList();
        List<SipMessage> answers = trace.stream().filter(m -> m.sent(alice.sipPort)
                && m.startLine().startsWith("SIP/2.0 200") && m.cseqMethod().equals("INVITE")).toList();
        String traceSummary = SipMessage.summary(trace);
        assertEquals("alice's phone got two re-INVITEs (hold, resume):\n" + traceSummary, 2, reinvites.size());
        assertEquals("the hold re-INVITE's SDP:\n" + reinvites.get(0), "sendonly", reinvites.get(0).direction());
        assertEquals("the resume re-INVITE's SDP:\n" + reinvites.get(1), "sendrecv", reinvites.get(1).direction());
        SipMessage holdAnswer = answerTo(answers, reinvites.get(0), traceSummary);
        SipMessage resumeAnswer = answerTo(answers, reinvites.get(1), traceSummary);
        assertEquals("alice's phone answered the hold with:\n" + holdAnswer, "recvonly", holdAnswer.direction());
        assertEquals("alice's phone answered the resume with:\n" + resumeAnswer, "sendrecv",
                resumeAnswer.direction());

        // and baresip took them as offers: CALL_REMOTE_SDP "offer" once per re-INVITE
        List<JsonNode> offers = alice.events("CALL_REMOTE_SDP").stream()
                .filter(e -> "offer".equals(e.path("param").asText())).toList();
        assertEquals("alice's CALL_REMOTE_SDP offers: " + alice.events("CALL_REMOTE_SDP"), 2, offers.size());

        await("no call left active", () -> calls().active().isEmpty());
        passed = true;
    }

    /**
     * alice calls bob, who answers; bob's agent transfers her blind to carol (1003) from REST. bob's
     * phone is hung up, carol's rings and auto-answers, and alice and carol hear each other: one
     * call from start to end, logged once as answered.
     */
    @Test
    public void blindTransferFromRestHandsTheCallerToAThirdPhone() throws Exception {
        Instant since = Instant.now();
        work = Files.createTempDirectory(Path.of("/tmp"), "sb-xfer-");
        BaresipPhone bob = phone(work, "bob", BOB_TONE, true);
        BaresipPhone carol = phone(work, "carol", CAROL_TONE, true);
        BaresipPhone alice = phone(work, "alice", ALICE_TONE, false);
        awaitPhones("three phones registered", () -> registered(bob) && registered(carol) && registered(alice));
        String bobToken = login("bob", "bob-secret");

        alice.command("dial", "sip:1002@switchboard.local");
        awaitPhones("the call established at alice and bob",
                () -> alice.saw("CALL_ESTABLISHED") && bob.saw("CALL_ESTABLISHED"));
        String callId = awaitLiveCall(bobToken, "ACTIVE");
        TimeUnit.MILLISECONDS.sleep((long) (TALK_SECONDS * 1000));

        long transferMark = alice.heardSamples();
        long transferred = System.nanoTime();
        Answer transfer = post("/calls/" + callId + "/transfer", bobToken, "{\"target\":\"1003\",\"mode\":\"blind\"}");
        assertEquals("transfer: " + transfer.body(), 200, transfer.status());
        assertEquals("transfer: " + transfer.body(), callId, transfer.body().path("id").asText());
        awaitPhones("bob's phone hung up and carol's answered",
                () -> bob.saw("CALL_CLOSED") && carol.saw("CALL_ESTABLISHED"));
        long carolMark = alice.heardSamples();
        double answeredAfter = (System.nanoTime() - transferred) / 1e9;
        String carolToken = login("carol", "carol-secret");
        assertEquals("carol's call is the one alice made", callId, awaitLiveCall(carolToken, "ACTIVE"));
        TimeUnit.MILLISECONDS.sleep((long) (TALK_SECONDS * 1000));
        long endMark = alice.heardSamples();

        alice.command("hangup", null);
        awaitPhones("the call closed at alice and carol", () -> alice.saw("CALL_CLOSED") && carol.saw("CALL_CLOSED"));
        quitAll();

        Wav aliceHeard = alice.heardAll();
        int rate = aliceHeard.sampleRate();
        Goertzel.ToneReport aliceBefore = measure(slice(aliceHeard, SKIP_SECONDS,
                seconds(transferMark, rate) - MARGIN_SECONDS), BOB_TONE, ALICE_TONE);
        Goertzel.ToneReport aliceAfter = measure(slice(aliceHeard, seconds(carolMark, rate) + MARGIN_SECONDS,
                seconds(endMark, rate) - MARGIN_SECONDS), CAROL_TONE, BOB_TONE);
        // ringback (440 + 480 Hz) is what alice hears while carol's phone rings; it must stop when she answers
        Goertzel.ToneReport aliceRingback = measure(slice(aliceHeard, seconds(carolMark, rate) + MARGIN_SECONDS,
                seconds(endMark, rate) - MARGIN_SECONDS), RINGBACK_TONE, CAROL_TONE);
        Wav carolAll = carol.heardAll();
        Goertzel.ToneReport carolHeard = measure(slice(carolAll, SKIP_SECONDS, Double.MAX_VALUE), ALICE_TONE,
                CAROL_TONE);
        Goertzel.ToneReport carolRingback = measure(slice(carolAll, SKIP_SECONDS, Double.MAX_VALUE), RINGBACK_TONE,
                ALICE_TONE);
        Goertzel.ToneReport bobHeard = measure(slice(bob.heardAll(), SKIP_SECONDS, Double.MAX_VALUE),
                ALICE_TONE, BOB_TONE);
        String report = String.format(Locale.ROOT, "alice's recording %.2f s (%d dumps); transfer at %.2f s, carol"
                + " answered at %.2f s (%.2f s after the request), end at %.2f s of it%n"
                + "alice before: %s%nalice after:  %s%n  ringback:   %s%ncarol heard:  %s%n  ringback:   %s%n"
                + "bob heard:    %s%n",
                aliceHeard.seconds(), alice.dumps("-dec.wav").size(), seconds(transferMark, rate),
                seconds(carolMark, rate), answeredAfter, seconds(endMark, rate), aliceBefore, aliceAfter,
                aliceRingback, carolHeard, carolRingback, bobHeard);
        Files.writeString(work.resolve("transfer-report.txt"), report, StandardCharsets.UTF_8);
        System.out.print("BaresipCallControlIT transfer measured:\n" + report);

        assertTone("before the transfer alice did not hear bob", aliceBefore, alice);
        assertTone("bob did not hear alice before the transfer", bobHeard, bob);
        assertTone("after the transfer alice did not hear carol (ringback after carol answered: "
                + aliceRingback + ")", aliceAfter, alice);
        assertTone("carol did not hear alice (ringback: " + carolRingback + ")", carolHeard, carol);

        // one call, one log: answered (by bob), not a second call for carol
        JsonNode[] logs = new JsonNode[1];
        await("the call's log", () -> {
            try {
                logs[0] = get("/call-logs?limit=50", carolToken).body().path("items");
                for (JsonNode item : logs[0]) {
                    if (callId.equals(item.path("id").asText())) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        List<JsonNode> since0 = new ArrayList<>();
        for (JsonNode item : logs[0]) {
            if (!Instant.parse(item.path("startedAt").asText()).isBefore(since)) {
                since0.add(item);
            }
        }
        assertEquals("call logs since the test started: " + since0, 1, since0.size());
        JsonNode log = since0.get(0);
        assertEquals(log.toString(), callId, log.path("id").asText());
        assertEquals(log.toString(), "ANSWERED", log.path("disposition").asText());
        assertEquals(log.toString(), "1002", log.path("to").asText());
        assertTrue(log.toString(), log.path("talkSeconds").asLong() >= (long) (2 * TALK_SECONDS) - 1);
        System.out.println("BaresipCallControlIT transfer call log: " + log);
        await("no call left active", () -> calls().active().isEmpty());
        passed = true;
    }

    // ---- phones -------------------------------------------------------------------------

    private BaresipPhone phone(Path work, String user, double tone, boolean autoAnswer) throws Exception {
        Path microphone = work.resolve(user + "-" + (int) tone + "hz.wav");
        Wav.writeTone(microphone, 8000, tone, MIC_SECONDS, TONE_AMPLITUDE);
        return phone(BaresipPhone.start(work, user, user + "-secret", SIP_PORT, microphone, autoAnswer, true));
    }

    /** The id of the one live call the agent sees, once it is in {@code state}. */
    private String awaitLiveCall(String token, String state) throws InterruptedException {
        String[] id = new String[1];
        JsonNode[] seen = new JsonNode[1];
        try {
            await("a call " + state, () -> {
                try {
                    seen[0] = get("/calls", token).body();
                    JsonNode items = seen[0].has("items") ? seen[0].get("items") : seen[0];
                    if (items.size() == 1 && state.equals(items.get(0).path("state").asText())) {
                        id[0] = items.get(0).path("id").asText();
                        return true;
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; GET /calls answered " + seen[0]);
        }
        return id[0];
    }

    private CallService calls() {
        try {
            return awaitService(CallService.class);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- audio --------------------------------------------------------------------------

    static double seconds(long samples, int rate) {
        return samples / (double) rate;
    }

    /** The recording from {@code fromSeconds} to {@code toSeconds}, clipped to what was recorded. */
    static Wav slice(Wav wav, double fromSeconds, double toSeconds) {
        int rate = wav.sampleRate();
        int from = (int) Math.max(0, Math.min(wav.samples().length, Math.round(fromSeconds * rate)));
        int to = (int) Math.max(from, Math.min(wav.samples().length, Math.round(Math.min(toSeconds, 1e6) * rate)));
        return new Wav(rate, Arrays.copyOfRange(wav.samples(), from, to));
    }

    private static Goertzel.ToneReport measure(Wav segment, double tone, double competing) {
        return Goertzel.measure(segment, tone, competing, REFERENCE, 0, MIN_BLOCK_AMPLITUDE, MIN_BLOCK_DOMINANCE_DB);
    }

    private static void assertTone(String problem, Goertzel.ToneReport report, BaresipPhone phone) {
        boolean ok = report.analysedSeconds() >= MIN_SEGMENT_SECONDS
                && report.toneDbfs() >= MIN_TONE_DBFS
                && report.overCompetingDb() >= MIN_DOMINANCE_DB
                && report.overReferenceDb() >= MIN_DOMINANCE_DB
                && report.toneSeconds() >= MIN_TONE_SHARE * report.analysedSeconds();
        if (!ok) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: measured %s; needed >= %.1f s analysed, the tone at >= %.0f dBFS, >= %.0f dB above both"
                            + " others, in >= %.0f%% of the blocks. %s's events: %s%n%s",
                    problem, report, MIN_SEGMENT_SECONDS, MIN_TONE_DBFS, MIN_DOMINANCE_DB, 100 * MIN_TONE_SHARE,
                    phone.user, phone.eventTypes(), phone.log()));
        }
    }

    private static void assertMusic(HoldMusicReport music, Goertzel.ToneReport talk, BaresipPhone phone) {
        double suppression = talk.toneDbfs() - music.otherDbfs();
        String problem = music.problem();
        if (problem == null && suppression < MIN_HOLD_SUPPRESSION_DB) {
            problem = String.format(Locale.ROOT, "bob's tone only %.1f dB below what she heard of him before the hold"
                    + " (needed >= %.0f dB)", suppression, MIN_HOLD_SUPPRESSION_DB);
        }
        if (problem != null) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "on hold alice did not hear the hold music instead of bob: %s. Measured %s; bob's tone %.1f dB below"
                            + " the talk. alice's events: %s%n%s",
                    problem, music, suppression, phone.eventTypes(), phone.log()));
        }
    }

    /**
     * How long after {@code mark} (a sample index) bob's tone stopped ({@code present} false) or
     * came back ({@code present} true) in the recording, in seconds; NaN if it never did.
     */
    private static double latency(Wav heard, long mark, boolean present) {
        int rate = heard.sampleRate();
        int n = (int) Math.round(rate * Goertzel.BLOCK_SECONDS);
        short[] samples = heard.samples();
        for (long from = mark; from + n <= samples.length; from += n) {
            double bob = Goertzel.amplitude(samples, (int) from, n, rate, BOB_TONE);
            if ((bob >= MIN_BLOCK_AMPLITUDE) == present) {
                return (from - mark) / (double) rate;
            }
        }
        return Double.NaN;
    }

    // ---- SIP trace ----------------------------------------------------------------------

    private static SipMessage answerTo(List<SipMessage> answers, SipMessage request, String traceSummary) {
        return answers.stream().filter(a -> a.cseq().equals(request.cseq()) && a.callId().equals(request.callId()))
                .findFirst().orElseThrow(() -> new AssertionError("alice's phone did not answer 200 to "
                        + request.startLine() + " (" + request.cseq() + "):\n" + traceSummary));
    }

    /**
     * One SIP message from baresip's trace ({@code baresip -s}): "{@code #}", a line
     * "{@code <time> UDP <src> -> <dst>}", then the message.
     */
    record SipMessage(String source, String destination, String text) {
        private static final Pattern HEADER = Pattern.compile(
                "(?m)^#\\R(?:\\S+\\s+)?(?:UDP|TCP|TLS|WS|WSS)\\s+(\\S+)\\s+->\\s+(\\S+)\\R");
        private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

        static List<SipMessage> parse(String log) {
            String clean = ANSI.matcher(log).replaceAll("");
            List<SipMessage> messages = new ArrayList<>();
            Matcher m = HEADER.matcher(clean);
            List<int[]> starts = new ArrayList<>();
            List<String[]> ends = new ArrayList<>();
            while (m.find()) {
                starts.add(new int[] {m.start(), m.end()});
                ends.add(new String[] {m.group(1), m.group(2)});
            }
            for (int i = 0; i < starts.size(); i++) {
                int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : clean.length();
                messages.add(new SipMessage(ends.get(i)[0], ends.get(i)[1],
                        clean.substring(starts.get(i)[1], end).strip()));
            }
            return messages;
        }

        static String summary(List<SipMessage> trace) {
            StringBuilder out = new StringBuilder();
            for (SipMessage m : trace) {
                out.append(m.source).append(" -> ").append(m.destination).append(": ").append(m.startLine())
                        .append(" [").append(m.cseq()).append("] ").append(m.direction()).append('\n');
            }
            return out.toString();
        }

        boolean received(int port) {
            return destination.endsWith(":" + port);
        }

        boolean sent(int port) {
            return source.endsWith(":" + port);
        }

        String startLine() {
            return text.lines().findFirst().orElse("");
        }

        String header(String name) {
            return text.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).trim()).findFirst().orElse("");
        }

        String cseq() {
            return header("CSeq");
        }

        String cseqMethod() {
            String[] parts = cseq().split("\\s+");
            return parts.length == 2 ? parts[1] : "";
        }

        String callId() {
            return header("Call-ID");
        }

        /** The SDP's media direction attribute; sendrecv when the body has SDP but none (RFC 3264). */
        String direction() {
            Matcher d = Pattern.compile("(?m)^a=(sendrecv|sendonly|recvonly|inactive)\\s*$").matcher(text);
            if (d.find()) {
                return d.group(1);
            }
            return text.contains("\nm=audio") ? "sendrecv" : "(no SDP)";
        }

        @Override
        public String toString() {
            return source + " -> " + destination + "\n" + text;
        }
    }
}
