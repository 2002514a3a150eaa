package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.switchboard.itests.TelephonyTestSupport.Phone;

/**
 * The recording tests that run the real distribution as an admin does ({@link SwitchboardServer}):
 * SIPp plays the carrier on the demo trunk and the agents' desk phones, each playing a known tone;
 * the tests see only what users see: the REST API, the recording's link, the decoded MP3.
 */
abstract class RecordingServerSupport extends SwitchboardTestSupport {
    static final int TRUNK = freePort();
    static final int ALICE_PHONE = freePort();
    static final String ALICE_DID = "+15550101";
    static final String MAIN_NUMBER = "+15550100";
    static final String HANAKO = "+15551230001";
    static final KarafShell CONSOLE = new KarafShell(SSH_PORT);

    /** The distribution unpacked for {@code test} with its ports; links point at the test's HTTP port. */
    static SwitchboardServer unpackServer(Class<?> test) throws Exception {
        SwitchboardServer server = SwitchboardServer.unpack(test, HTTP_PORT);
        server.configure("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(HTTP_PORT))
                .configure("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(SSH_PORT))
                .configure("org.switchboard.webrtc.cfg", "port", String.valueOf(WEBRTC_PORT))
                .configure("org.switchboard.sip.cfg", Map.of("port", String.valueOf(SIP_PORT), "tlsPort",
                        String.valueOf(freePort()), "digestAlgorithms", "MD5"))
                .configure("org.switchboard.sip.trunk-pstn.cfg", Map.of("port", String.valueOf(TRUNK),
                        "inbound", "127.0.0.1:" + TRUNK))
                .configure("org.switchboard.recording.cfg", "publicUrl", publicUrl());
        CONSOLE.addUserTo(server);
        return server;
    }

    static String publicUrl() {
        return "http://127.0.0.1:" + HTTP_PORT;
    }

    // ---- phones -------------------------------------------------------------------------

    /** Alice's desk phone registers with digest (so it is hers) and answers {@code calls} calls playing 600 Hz. */
    static Phone alicesPhoneAnswersWithTone(int calls, double toneSeconds) throws Exception {
        String registered = SipSupport.sipp("register.xml", ALICE_PHONE, SIP_PORT);
        assertTrue("alice's phone registered: " + registered, registered.startsWith("exit 0"));
        Path work = Tones.phoneDirectory("alice", "agent-tone.pcap", Tones.AGENT_HZ, toneSeconds);
        return phoneIn(work, "alice", "answer-tone.xml", ALICE_PHONE, "-m", String.valueOf(calls), "-timeout", "120s");
    }

    /** The carrier calls {@code number} from {@code caller} playing 1000 Hz, and hangs up {@code talkMillis} after the answer. */
    static Phone carrierCallsWithTone(String scenario, String number, String caller, double toneSeconds, long talkMillis,
            String... extra) throws Exception {
        Path work = Tones.phoneDirectory("carrier", "caller-tone.pcap", Tones.CALLER_HZ, toneSeconds);
        List<String> arguments = new ArrayList<>(List.of("-s", number, "-key", "caller", caller, "-d",
                String.valueOf(talkMillis), "-timeout", "180s"));
        arguments.addAll(List.of(extra));
        arguments.add("127.0.0.1:" + SIP_PORT);
        return phoneIn(work, "carrier", scenario, TRUNK, arguments.toArray(new String[0]));
    }

    static Phone phoneIn(Path work, String name, String scenario, int port, String... extra) throws Exception {
        Phone phone = new Phone(name, SipSupport.serve(scenario, port, work, extra), work);
        Thread.sleep(300); // SIPp binds its port
        return phone;
    }

    /** Waits up to {@code timeout} for a SIPp run that may last longer than {@link SipSupport#finish}'s minute. */
    static void assertFinishes(Phone phone, Duration timeout) throws Exception {
        if (!phone.process().waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            phone.process().destroyForcibly();
            throw new AssertionError(phone.name() + "'s SIPp still running after " + timeout + ": "
                    + SipSupport.read(phone.work().resolve("errors.log")));
        }
        phone.assertDone();
    }

    // ---- REST ---------------------------------------------------------------------------

    /** A list answer's entries, whether it came as an array or as {"items": [...]}. */
    static List<JsonNode> items(JsonNode list) {
        JsonNode array = list.isArray() ? list : list.path("items");
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    /** The live call that {@code which} picks, as {@code token}'s agent sees it in {@code GET /calls}. */
    JsonNode awaitCall(String token, String what, Predicate<JsonNode> which) throws InterruptedException {
        JsonNode[] found = new JsonNode[1];
        await(what, () -> {
            try {
                Optional<JsonNode> call = items(get("/calls", token).body()).stream().filter(which).findFirst();
                call.ifPresent(c -> found[0] = c);
                return call.isPresent();
            } catch (Exception e) {
                return false;
            }
        });
        return found[0];
    }

    static Predicate<JsonNode> activeFrom(String number) {
        return call -> "ACTIVE".equals(call.path("state").asText()) && call.path("from").asText().contains(number);
    }

    /** The call's recordings of {@code kind} (CALL or VOICEMAIL) once every one of them is READY. */
    List<JsonNode> awaitReadyRecordings(String token, String callId, String kind, int count, Duration timeout)
            throws InterruptedException {
        List<JsonNode> found = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Answer answer = get("/recordings?callId=" + callId, token);
                seen.add(answer.status() + " " + answer.body());
                List<JsonNode> ofKind = items(answer.body()).stream()
                        .filter(r -> kind.equalsIgnoreCase(r.path("kind").asText())).toList();
                if (answer.status() == 200 && ofKind.size() >= count
                        && ofKind.stream().allMatch(r -> "READY".equalsIgnoreCase(r.path("status").asText()))) {
                    found.addAll(ofKind);
                    return found;
                }
            } catch (Exception e) {
                seen.add(e.toString());
            }
            Thread.sleep(250);
        }
        throw new AssertionError(count + " READY " + kind + " recording(s) of call " + callId + " within " + timeout
                + "; last answers: " + seen.subList(Math.max(0, seen.size() - 2), seen.size()));
    }

    /** The call's log as {@code GET /call-logs/{id}} shows it, once it lists {@code recordingId} with its link. */
    JsonNode awaitLogWithRecording(String token, String callId, String recordingId) throws InterruptedException {
        JsonNode[] found = new JsonNode[1];
        await("call log " + callId + " with recording " + recordingId, () -> {
            try {
                Answer log = get("/call-logs/" + callId, token);
                found[0] = log.body();
                return log.status() == 200 && linkOf(log.body(), recordingId).isPresent();
            } catch (Exception e) {
                return false;
            }
        });
        return found[0];
    }

    /** The link the call log carries for the recording. */
    static Optional<String> linkOf(JsonNode log, String recordingId) {
        for (JsonNode recording : log.path("recordings")) {
            if (recordingId.equals(recording.path("recordingId").asText()) && recording.hasNonNull("url")) {
                return Optional.of(recording.path("url").asText());
            }
        }
        return Optional.empty();
    }

    /** GETs an absolute URL (a signed link needs no bearer), with extra headers. */
    HttpResponse<byte[]> fetch(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Downloads a READY recording's MP3 through {@code url}, checks it is what the metadata says, and decodes it. */
    Mp3 download(String url, JsonNode recording) throws Exception {
        HttpResponse<byte[]> audio = fetch(url);
        assertEquals("GET " + url, 200, audio.statusCode());
        assertEquals("audio/mpeg", audio.headers().firstValue("Content-Type").orElse("").split(";")[0].trim());
        byte[] bytes = audio.body();
        if (recording != null) {
            assertEquals("sizeBytes", recording.path("sizeBytes").asLong(), bytes.length);
            assertEquals("checksum", "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(bytes)), recording.path("checksum").asText());
        }
        Path file = Files.createTempFile("recording-", ".mp3");
        Files.write(file, bytes);
        Mp3 mp3 = Mp3.decode(file);
        assertEquals("the file is an MP3", "mp3", mp3.codec());
        return mp3;
    }

    /**
     * When a SIPp phone sent or received the first message that starts with {@code firstLine}, from
     * its message trace ({@code -trace_msg}: each message follows a line of dashes and the local time).
     */
    static Instant traced(Phone phone, String firstLine) throws Exception {
        List<String> lines = Files.readAllLines(phone.work().resolve("messages.log"));
        for (int i = 0; i + 3 < lines.size(); i++) {
            if (lines.get(i).startsWith("-----") && lines.get(i + 3).trim().startsWith(firstLine)) {
                String stamp = lines.get(i).replaceFirst("^-+\\s*", "").trim().replace('\t', ' ');
                return java.time.LocalDateTime.parse(stamp.replace(' ', 'T')).atZone(java.time.ZoneId.systemDefault())
                        .toInstant();
            }
        }
        throw new AssertionError(phone.name() + "'s phone never traced '" + firstLine + "'");
    }

    static Instant instant(JsonNode node, String field) {
        String text = node.path(field).asText(null);
        if (text == null || text.isBlank()) {
            throw new AssertionError("no " + field + " in " + node);
        }
        return Instant.parse(text);
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
