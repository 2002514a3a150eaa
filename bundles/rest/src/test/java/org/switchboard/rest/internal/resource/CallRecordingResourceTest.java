package org.switchboard.rest.internal.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.LegState;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.api.phone.PhoneLines;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.rest.internal.ApiServer;
import org.switchboard.rest.internal.Json;
import org.switchboard.rest.internal.Stub;

/** REC, Screen and Pick up on live calls, and what the call and call-log views say about recordings. */
class CallRecordingResourceTest {
    @TempDir
    Path dir;

    private ApiServer api;

    @BeforeEach
    void start() {
        api = new ApiServer(dir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anAgentOnTheCallStartsPausesAndStopsItsRecording() throws IOException {
        Call call = api.call(LegState.ANSWERED, api.alice);
        String path = "/calls/" + call.id() + "/record";

        JsonNode started = ok(api.post("alice-token", path, "{\"action\":\"start\"}"));
        assertThat(started.path("recording").path("paused").asBoolean()).isFalse();
        assertThat(started.path("recording").path("automatic").asBoolean()).isFalse();
        String recordingId = started.path("recording").path("recordingId").asText();
        assertThat(started.path("recordingIds").get(0).asText()).isEqualTo(recordingId);

        assertThat(ok(api.post("alice-token", path, "{\"action\":\"pause\"}")).path("recording").path("paused").asBoolean())
                .isTrue();
        assertThat(ok(api.post("alice-token", path, "{\"action\":\"RESUME\"}")).path("recording").path("paused").asBoolean())
                .isFalse();
        JsonNode stopped = ok(api.post("alice-token", path, "{\"action\":\"stop\"}"));
        assertThat(stopped.path("recording").isNull()).isTrue();
        assertThat(stopped.path("recordingIds").get(0).asText()).isEqualTo(recordingId);
    }

    @Test
    void recordingACallTheAgentIsNotOnIs403ButASupervisorMay() throws IOException {
        Call call = api.call(LegState.ANSWERED, api.alice);

        HttpResponse<String> bob = api.post("bob-token", "/calls/" + call.id() + "/record", "{\"action\":\"start\"}");
        assertThat(bob.statusCode()).isEqualTo(403);
        assertThat(Json.mapper().readTree(bob.body()).path("error").asText()).isEqualTo("forbidden");

        assertThat(api.post("carol-token", "/calls/" + call.id() + "/record", "{\"action\":\"start\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void anUnknownActionIs400AndOneThatDoesNotFitTheCallIs409() throws IOException {
        Call call = api.call(LegState.ANSWERED, api.alice);
        String path = "/calls/" + call.id() + "/record";

        HttpResponse<String> unknown = api.post("alice-token", path, "{\"action\":\"rewind\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("rewind");
        assertThat(api.post("alice-token", path, "{}").statusCode()).isEqualTo(400);

        HttpResponse<String> notRecording = api.post("alice-token", path, "{\"action\":\"stop\"}");
        assertThat(notRecording.statusCode()).isEqualTo(409);
        assertThat(Json.mapper().readTree(notRecording.body()).path("error").asText()).isEqualTo("conflict");
        assertThat(api.post("alice-token", "/calls/" + UUID.randomUUID() + "/record", "{\"action\":\"start\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void screenGoesThroughTheAgentsPhoneLineAnd503WithoutOne() {
        Call call = api.call(LegState.RINGING, api.alice);
        assertThat(api.post("alice-token", "/calls/" + call.id() + "/screen", "").statusCode()).isEqualTo(503);

        List<UUID> screenedFor = new CopyOnWriteArrayList<>();
        api.phoneLines.set(Stub.of(PhoneLines.class, Map.of("screen", a -> {
            screenedFor.add((UUID) a[0]);
            return api.screened(call, api.alice);
        })));
        HttpResponse<String> answer = api.post("alice-token", "/calls/" + call.id() + "/screen", "");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(screenedFor).containsExactly(api.alice());
        assertThat(api.post("bob-token", "/calls/" + call.id() + "/screen", "").statusCode()).isEqualTo(404);
    }

    @Test
    void theScreeningAgentSeesItAndPicksUpOthersGet409() throws IOException {
        Call call = api.screened(api.call(LegState.RINGING, api.alice, api.bob), api.alice);
        UUID aliceLeg = call.voicemail().orElseThrow().screeningLegId().orElseThrow();

        JsonNode asAlice = ok(api.get("alice-token", "/calls/" + call.id()));
        assertThat(asAlice.path("voicemail").path("phase").asText()).isEqualTo("RECORDING");
        assertThat(asAlice.path("voicemail").path("box").asText()).isEqualTo("support");
        assertThat(asAlice.path("voicemail").path("screening").asBoolean()).isTrue();
        assertThat(ok(api.get("carol-token", "/calls/" + call.id())).path("voicemail").path("screening").asBoolean())
                .isFalse();

        HttpResponse<String> bob = api.post("bob-token", "/calls/" + call.id() + "/pickup", "");
        assertThat(bob.statusCode()).isEqualTo(409);
        assertThat(api.pickedUp).isEmpty();

        JsonNode picked = ok(api.post("alice-token", "/calls/" + call.id() + "/pickup", ""));
        assertThat(api.pickedUp).containsExactly(aliceLeg);
        assertThat(picked.path("voicemail").isNull()).isTrue();
        assertThat(api.post("alice-token", "/calls/" + call.id() + "/pickup", "").statusCode()).isEqualTo(409);
    }

    @Test
    void aCallLogListsItsPlayableRecordingsWithTheirLinks() throws IOException {
        UUID callId = UUID.randomUUID();
        UUID recordingId = UUID.randomUUID();
        URI link = URI.create(api.base() + "/recordings/" + recordingId + "/audio?expires=1&sig=abc");
        Instant start = Instant.parse("2026-12-05T14:00:00Z");
        api.callLogs.put(callId, new CallLog(callId, CallDirection.INBOUND, "+15551230001", "+15550100",
                Optional.of(api.alice()), start, Optional.empty(), start.plusSeconds(60), Duration.ZERO,
                Disposition.values()[0], "", "", Optional.empty(), Optional.empty(), List.of(recordingId),
                List.of(new RecordingLink(recordingId, RecordingKind.VOICEMAIL, link, Duration.ofSeconds(42)))));

        JsonNode log = ok(api.get("alice-token", "/call-logs/" + callId));

        JsonNode recording = log.path("recordings").get(0);
        assertThat(recording.path("recordingId").asText()).isEqualTo(recordingId.toString());
        assertThat(recording.path("kind").asText()).isEqualTo("VOICEMAIL");
        assertThat(recording.path("url").asText()).isEqualTo(link.toString());
        assertThat(recording.path("durationSeconds").asLong()).isEqualTo(42);
    }

    private static JsonNode ok(HttpResponse<String> answer) throws IOException {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Json.mapper().readTree(answer.body());
    }
}
