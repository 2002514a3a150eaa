package org.switchboard.rest.internal.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.switchboard.api.event.Topics;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.rest.internal.ApiServer;
import org.switchboard.rest.internal.Json;

class RecordingResourceTest {
    @TempDir
    Path dir;

    private ApiServer api;
    private byte[] mp3;

    @BeforeEach
    void start() {
        api = new ApiServer(dir);
        mp3 = new byte[150_000]; // more than one 64 KB chunk of the stream
        new Random(14).nextBytes(mp3);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anAgentListsTheirOwnRecordingsAndTheirGroupsVoicemailAndASupervisorListsAll() throws IOException {
        Recording aliceCall = api.ready(RecordingKind.CALL, Optional.of(api.alice()), Optional.empty(), mp3);
        Recording bobCall = api.ready(RecordingKind.CALL, Optional.of(api.bob()), Optional.of(api.support()), mp3);
        Recording supportVoicemail = api.ready(RecordingKind.VOICEMAIL, Optional.empty(), Optional.of(api.support()), mp3);
        Recording salesVoicemail = api.ready(RecordingKind.VOICEMAIL, Optional.empty(), Optional.of(api.sales()), mp3);

        assertThat(ids(api.get("alice-token", "/recordings")))
                .containsExactlyInAnyOrder(aliceCall.id().toString(), supportVoicemail.id().toString());
        assertThat(ids(api.get("bob-token", "/recordings?kind=voicemail")))
                .containsExactlyInAnyOrder(supportVoicemail.id().toString(), salesVoicemail.id().toString());
        assertThat(ids(api.get("carol-token", "/recordings"))).containsExactlyInAnyOrder(aliceCall.id().toString(),
                bobCall.id().toString(), supportVoicemail.id().toString(), salesVoicemail.id().toString());
    }

    @Test
    void aListedRecordingCarriesItsFactsAndSignedLinksOnlyOnceReady() throws IOException {
        Recording ready = api.ready(RecordingKind.VOICEMAIL, Optional.of(api.alice()), Optional.empty(), mp3);
        Recording raw = api.raw(RecordingKind.CALL, Optional.of(api.alice()));

        JsonNode items = json(api.get("alice-token", "/recordings")).path("items");
        JsonNode readyItem = item(items, ready.id());
        assertThat(readyItem.path("kind").asText()).isEqualTo("VOICEMAIL");
        assertThat(readyItem.path("status").asText()).isEqualTo("READY");
        assertThat(readyItem.path("from").asText()).isEqualTo("+15551230001");
        assertThat(readyItem.path("durationSeconds").asLong()).isEqualTo(42);
        assertThat(readyItem.path("sizeBytes").asLong()).isEqualTo(mp3.length);
        assertThat(readyItem.path("checksum").asText()).isEqualTo(ready.checksum().orElseThrow());
        assertThat(readyItem.path("heard").asBoolean()).isFalse();
        assertThat(readyItem.path("audioUrl").asText()).contains("/recordings/" + ready.id() + "/audio?expires=").contains("&sig=");
        assertThat(readyItem.path("downloadUrl").asText()).isEqualTo(readyItem.path("audioUrl").asText() + "&download=1");
        JsonNode rawItem = item(items, raw.id());
        assertThat(rawItem.path("status").asText()).isEqualTo("RAW");
        assertThat(rawItem.path("audioUrl").isNull()).isTrue();
        assertThat(rawItem.path("downloadUrl").isNull()).isTrue();
    }

    @Test
    void listFiltersByDatesUnheardAndCallWithTheSameVisibility() throws IOException {
        Recording early = api.ready(RecordingKind.CALL, Optional.of(api.alice()), Optional.empty(), mp3,
                Instant.parse("2026-12-03T09:00:00Z"));
        Recording late = api.ready(RecordingKind.CALL, Optional.of(api.alice()), Optional.empty(), mp3,
                Instant.parse("2026-12-05T09:00:00Z"));
        Recording bobsOnSameCall = new Recording(UUID.randomUUID(), late.callId(), RecordingKind.CALL, late.status(),
                Optional.of(api.bob()), Optional.empty(), "+15551230001", "+15550100", late.startedAt(), late.duration(),
                "x.wav", late.playablePath(), late.checksum(), late.sizeBytes(), false, Optional.empty());
        api.recordings().save(bobsOnSameCall);
        api.recordings().markHeard(early.id(), true);

        assertThat(ids(api.get("alice-token", "/recordings?since=2026-12-04"))).containsExactly(late.id().toString());
        assertThat(ids(api.get("alice-token", "/recordings?until=2026-12-04T00:00:00Z")))
                .containsExactly(early.id().toString());
        assertThat(ids(api.get("alice-token", "/recordings?unheard=true"))).containsExactly(late.id().toString());
        assertThat(ids(api.get("alice-token", "/recordings?callId=" + late.callId())))
                .containsExactly(late.id().toString());
        assertThat(ids(api.get("carol-token", "/recordings?callId=" + late.callId())))
                .containsExactlyInAnyOrder(late.id().toString(), bobsOnSameCall.id().toString());
        assertThat(ids(api.get("alice-token", "/recordings?limit=1"))).containsExactly(late.id().toString());
    }

    @Test
    void badFiltersAnswer400WithTheReason() throws IOException {
        for (String query : List.of("kind=fax", "since=yesterday", "until=2026-13-01", "limit=0", "limit=501", "limit=ten",
                "unheard=maybe", "callId=nope")) {
            HttpResponse<String> answer = api.get("alice-token", "/recordings?" + query);
            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            assertThat(json(answer).path("error").asText()).as(query).isEqualTo("bad_request");
        }
    }

    @Test
    void oneRecordingIs404WhenUnknownAnd403WhenSomeoneElses() throws IOException {
        Recording bobs = api.ready(RecordingKind.CALL, Optional.of(api.bob()), Optional.empty(), mp3);

        assertThat(api.get("alice-token", "/recordings/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        HttpResponse<String> forbidden = api.get("alice-token", "/recordings/" + bobs.id());
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(json(forbidden).path("error").asText()).isEqualTo("forbidden");
        assertThat(json(api.get("bob-token", "/recordings/" + bobs.id())).path("id").asText())
                .isEqualTo(bobs.id().toString());
    }

    @Test
    void audioServesTheWholeMp3WithItsChecksumAsEtagAndMarksNothingHeard() {
        Recording recording = api.ready(RecordingKind.CALL, Optional.of(api.alice()), Optional.empty(), mp3);

        HttpResponse<byte[]> answer = api.getBytes("alice-token", "/recordings/" + recording.id() + "/audio");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(mp3);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("audio/mpeg"));
        assertThat(answer.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(answer.headers().firstValue("ETag")).hasValue("\"" + recording.checksum().orElseThrow() + "\"");
        assertThat(answer.headers().firstValue("Content-Disposition")).isEmpty();
        assertThat(api.recordings().find(recording.id()).orElseThrow().heard()).isFalse();
    }

    @Test
    void audioServesExactlyTheAskedByteRange() {
        Recording recording = api.ready(RecordingKind.CALL, Optional.of(api.alice()), Optional.empty(), mp3);
        String path = "/recordings/" + recording.id() + "/audio";

        HttpResponse<byte[]> middle = api.getBytes("alice-token", path, "Range", "bytes=100000-100009");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 100000-100009/150000");
        assertThat(middle.body()).isEqualTo(slice(100_000, 100_010));

        HttpResponse<byte[]> open = api.getBytes("alice-token", path, "Range", "bytes=149990-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.headers().firstValue("Content-Range")).hasValue("bytes 149990-149999/150000");
        assertThat(open.body()).isEqualTo(slice(149_990, 150_000));

        HttpResponse<byte[]> suffix = api.getBytes("alice-token", path, "Range", "bytes=-7");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(slice(149_993, 150_000));

        HttpResponse<byte[]> pastEnd = api.getBytes("alice-token", path, "Range", "bytes=140000-999999");
        assertThat(pastEnd.headers().firstValue("Content-Range")).hasValue("bytes 140000-149999/150000");
        assertThat(pastEnd.body()).isEqualTo(slice(140_000, 150_000));
    }

    @Test
    void aRangeStartingPastTheEndIs416WithTheFileSize() throws IOException {
        Recording recording = api.ready(RecordingKind.CALL, Optional.of(api.alice()), Optional.empty(), mp3);

        HttpResponse<byte[]> answer = api.getBytes("alice-token", "/recordings/" + recording.id() + "/audio",
                "Range", "bytes=150000-");

        assertThat(answer.statusCode()).isEqualTo(416);
        assertThat(answer.headers().firstValue("Content-Range")).hasValue("bytes */150000");
        assertThat(Json.mapper().readTree(answer.body()).path("error").asText()).isEqualTo("range_not_satisfiable");
    }

    @Test
    void downloadNamesTheFileByTimeCallerAndKind() {
        Recording recording = api.ready(RecordingKind.VOICEMAIL, Optional.of(api.alice()), Optional.empty(), mp3);

        HttpResponse<byte[]> answer = api.getBytes("alice-token", "/recordings/" + recording.id() + "/audio?download=1");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"2026-12-05-1412-+15551230001-voicemail.mp3\"");
    }

    @Test
    void aSignedLinkPlaysWithoutASessionUntilItExpires() throws IOException {
        Recording recording = api.ready(RecordingKind.CALL, Optional.of(api.alice()), Optional.empty(), mp3);
        String link = item(json(api.get("alice-token", "/recordings")).path("items"), recording.id())
                .path("audioUrl").asText();

        HttpResponse<byte[]> played = api.getBytes(null, link, "Range", "bytes=0-3");
        assertThat(played.statusCode()).isEqualTo(206);
        assertThat(played.body()).isEqualTo(slice(0, 4));

        api.advance(Duration.ofMinutes(61));
        HttpResponse<byte[]> expired = api.getBytes(null, link);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(Json.mapper().readTree(expired.body()).path("error").asText()).isEqualTo("link_invalid");
    }

    @Test
    void aTamperedLinkIs403AndAMissingSessionWithoutALinkIs401() throws IOException {
        Recording recording = api.ready(RecordingKind.CALL, Optional.of(api.alice()), Optional.empty(), mp3);
        Recording other = api.ready(RecordingKind.CALL, Optional.of(api.bob()), Optional.empty(), mp3);
        String link = item(json(api.get("alice-token", "/recordings")).path("items"), recording.id())
                .path("audioUrl").asText();
        String sig = link.substring(link.indexOf("sig=") + 4);
        String flipped = (sig.charAt(0) == 'a' ? "b" : "a") + sig.substring(1);

        for (String tampered : List.of(link.replace("sig=" + sig, "sig=" + flipped),
                link.replace(recording.id().toString(), other.id().toString()),
                link.replaceAll("expires=(\\d+)", "expires=9999999999"),
                link.replaceAll("expires=(\\d+)", "expires=soon"))) {
            HttpResponse<byte[]> answer = api.getBytes(null, tampered);
            assertThat(answer.statusCode()).as(tampered).isEqualTo(403);
            assertThat(Json.mapper().readTree(answer.body()).path("error").asText()).isEqualTo("link_invalid");
        }
        assertThat(api.getBytes(null, "/recordings/" + recording.id() + "/audio").statusCode()).isEqualTo(401);
    }

    @Test
    void audioIs404WhenTheFileIsGoneAnd409WhileNotEncodedYet() throws IOException {
        Recording recording = api.ready(RecordingKind.CALL, Optional.of(api.alice()), Optional.empty(), mp3);
        Files.delete(Path.of(recording.playablePath().orElseThrow()));
        Recording raw = api.raw(RecordingKind.CALL, Optional.of(api.alice()));

        HttpResponse<byte[]> missing = api.getBytes("alice-token", "/recordings/" + recording.id() + "/audio");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(missing.body()).path("error").asText()).isEqualTo("not_found");
        assertThat(api.recordings().find(recording.id())).isPresent(); // nothing else is touched

        HttpResponse<byte[]> notReady = api.getBytes("alice-token", "/recordings/" + raw.id() + "/audio");
        assertThat(notReady.statusCode()).isEqualTo(409);
        assertThat(Json.mapper().readTree(notReady.body()).path("error").asText()).isEqualTo("not_ready");

        HttpResponse<byte[]> someoneElses = api.getBytes("bob-token", "/recordings/" + raw.id() + "/audio");
        assertThat(someoneElses.statusCode()).isEqualTo(403);
    }

    @Test
    void markingHeardIsStoredAndPublishedForMessageWaitingLights() throws IOException {
        Recording voicemail = api.ready(RecordingKind.VOICEMAIL, Optional.empty(), Optional.of(api.support()), mp3);

        HttpResponse<String> answer = api.put("alice-token", "/recordings/" + voicemail.id() + "/heard",
                "application/json", "{\"heard\":true}".getBytes());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).path("heard").asBoolean()).isTrue();
        assertThat(api.recordings().find(voicemail.id()).orElseThrow().heard()).isTrue();
        Event event = api.events().get(api.events().size() - 1);
        assertThat(event.getTopic()).isEqualTo(Topics.RECORDING_UPDATED);
        assertThat(event.getProperty("recordingId")).isEqualTo(voicemail.id().toString());
        assertThat(event.getProperty("callId")).isEqualTo(voicemail.callId().toString());
        assertThat(event.getProperty("kind")).isEqualTo("VOICEMAIL");
        assertThat(event.getProperty("groupId")).isEqualTo(api.support().toString());
        assertThat(event.getProperty("agentId")).isNull();
        assertThat(event.getProperty("heard")).isEqualTo(true);

        assertThat(api.put("alice-token", "/recordings/" + voicemail.id() + "/heard", "application/json",
                "{}".getBytes()).statusCode()).isEqualTo(400);
        assertThat(api.put("carol-token", "/recordings/" + UUID.randomUUID() + "/heard", "application/json",
                "{\"heard\":false}".getBytes()).statusCode()).isEqualTo(404);
    }

    @Test
    void agentsDeleteOnlyVoicemailTheirsOrTheirGroupsAndSupervisorsDeleteAnything() throws IOException {
        Recording aliceCall = api.ready(RecordingKind.CALL, Optional.of(api.alice()), Optional.empty(), mp3);
        Recording supportVoicemail = api.ready(RecordingKind.VOICEMAIL, Optional.empty(), Optional.of(api.support()), mp3);
        Recording salesVoicemail = api.ready(RecordingKind.VOICEMAIL, Optional.empty(), Optional.of(api.sales()), mp3);

        HttpResponse<String> ownCall = api.delete("alice-token", "/recordings/" + aliceCall.id());
        assertThat(ownCall.statusCode()).isEqualTo(403);
        assertThat(json(ownCall).path("error").asText()).isEqualTo("forbidden");
        assertThat(api.delete("alice-token", "/recordings/" + salesVoicemail.id()).statusCode()).isEqualTo(403);
        assertThat(api.delete("alice-token", "/recordings/" + supportVoicemail.id()).statusCode()).isEqualTo(204);
        assertThat(api.recordings().find(supportVoicemail.id())).isEmpty();
        assertThat(Path.of(supportVoicemail.playablePath().orElseThrow())).doesNotExist();

        assertThat(api.delete("carol-token", "/recordings/" + aliceCall.id()).statusCode()).isEqualTo(204);
        assertThat(api.delete("carol-token", "/recordings/" + aliceCall.id()).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutTheRecordingBundleDeletesAndSignedLinksAre503AndListsStillWork() throws IOException {
        Recording voicemail = api.ready(RecordingKind.VOICEMAIL, Optional.of(api.alice()), Optional.empty(), mp3);
        String link = item(json(api.get("alice-token", "/recordings")).path("items"), voicemail.id())
                .path("audioUrl").asText();
        api.stopRecordingBundle();

        HttpResponse<String> delete = api.delete("alice-token", "/recordings/" + voicemail.id());
        assertThat(delete.statusCode()).isEqualTo(503);
        assertThat(json(delete).path("error").asText()).isEqualTo("recording_unavailable");
        assertThat(api.getBytes(null, link).statusCode()).isEqualTo(503);
        JsonNode listed = item(json(api.get("alice-token", "/recordings")).path("items"), voicemail.id());
        assertThat(listed.path("audioUrl").isNull()).isTrue();
        assertThat(api.getBytes("alice-token", "/recordings/" + voicemail.id() + "/audio").body()).isEqualTo(mp3);
    }

    private byte[] slice(int from, int to) {
        return java.util.Arrays.copyOfRange(mp3, from, to);
    }

    private static JsonNode json(HttpResponse<String> answer) throws IOException {
        return Json.mapper().readTree(answer.body());
    }

    private static List<String> ids(HttpResponse<String> answer) throws IOException {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return StreamSupport.stream(json(answer).path("items").spliterator(), false).map(n -> n.path("id").asText()).toList();
    }

    private static JsonNode item(JsonNode items, UUID id) {
        return StreamSupport.stream(items.spliterator(), false).filter(n -> n.path("id").asText().equals(id.toString()))
                .findFirst().orElseThrow(() -> new AssertionError("no item " + id + " in " + items));
    }
}
