package org.switchboard.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.agent.Role;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.number.RingStrategy;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingQuery;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingService;
import org.switchboard.api.recording.RecordingStatus;

class RecordingsCommandTest {
    private final Agent alice = new Agent(UUID.randomUUID(), "alice", "Alice", "1001", Optional.empty(), Role.AGENT, true);
    private final Group support = new Group(UUID.randomUUID(), "support", RingStrategy.RING_ALL, List.of(alice.id()),
            Duration.ofSeconds(20), true, Optional.empty());
    private final List<Recording> stored = new ArrayList<>();
    private final List<String> serviceCalls = new ArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private RecordingsCommand command;

    @BeforeEach
    void wire() {
        command = new RecordingsCommand();
        command.recordings = stub(RecordingRepository.class, Map.of(
                "list", a -> stored.stream().filter(r -> ((RecordingQuery) a[0]).kind().map(k -> r.kind() == k).orElse(true))
                        .sorted(Comparator.comparing(Recording::startedAt).reversed())
                        .limit(((RecordingQuery) a[0]).limit()).toList(),
                "withStatus", a -> stored.stream().filter(r -> r.status() == a[0])
                        .sorted(Comparator.comparing(Recording::startedAt)).toList()));
        command.agents = stub(AgentService.class, Map.of("list",
                a -> List.of(new AgentStatus(alice, Presence.AVAILABLE, Instant.EPOCH, Instant.EPOCH))));
        command.numbers = stub(NumberRepository.class, Map.of("groups", a -> List.of(support)));
        command.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    }

    @Test
    void listShowsEachRecordingWithItsOwnerDurationHeardAndSize() {
        Recording call = save(RecordingKind.CALL, Optional.of(alice.id()), Optional.empty(), "2026-12-05T14:00:00Z")
                .ready("/r/a.mp3", "sha256:00", 1_572_864, Duration.ofSeconds(125));
        stored.set(0, call);
        save(RecordingKind.VOICEMAIL, Optional.empty(), Optional.of(support.id()), "2026-12-05T15:00:00Z");

        command.execute();

        String table = printed.toString(StandardCharsets.UTF_8);
        assertThat(table).contains(call.id().toString(), call.callId().toString(), "call", "ready", "2026-12-05 14:00:00",
                "2:05", "alice", "+15551230001", "1.5 MB");
        assertThat(table).contains("voicemail", "recording", "group support");
        assertThat(table.indexOf("voicemail")).isLessThan(table.indexOf("2:05")); // newest first
        assertThat(table).contains("2 recordings (the recording bundle is not running)");
    }

    @Test
    void statusAndKindFilterTheList() {
        Recording raw = save(RecordingKind.CALL, Optional.of(alice.id()), Optional.empty(), "2026-12-05T14:00:00Z")
                .captured(Duration.ofSeconds(3));
        stored.set(0, raw);
        Recording running = save(RecordingKind.VOICEMAIL, Optional.of(alice.id()), Optional.empty(), "2026-12-05T15:00:00Z");
        command.status = "raw";

        command.execute();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(raw.id().toString()).doesNotContain(running.id().toString());

        printed.reset();
        command.status = null;
        command.kind = "voicemail";
        command.execute();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(running.id().toString()).doesNotContain(raw.id().toString());
    }

    @Test
    void deleteAndProcessGoToTheRecordingBundleAndSayWhenItIsAbsent() {
        UUID id = UUID.randomUUID();
        command.action = "delete";
        command.recording = id.toString();
        assertThatThrownBy(command::execute).hasMessageContaining("recording bundle is not running");

        command.service = stub(RecordingService.class, Map.of(
                "delete", a -> serviceCalls.add("delete " + a[0]),
                "process", a -> serviceCalls.add("process " + a[0])));
        command.execute();
        command.action = "process";
        command.execute();

        assertThat(serviceCalls).containsExactly("delete " + id, "process " + id);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Recording " + id + " deleted", "being encoded now");
    }

    @Test
    void badInputIsOneClearLine() {
        command.kind = "fax";
        assertThatThrownBy(command::execute).hasMessage("unknown kind 'fax'; use call or voicemail");
        command.kind = null;
        command.action = "delete";
        command.recording = "nope";
        assertThatThrownBy(command::execute).hasMessage("'nope' is not a recording id");
        command.action = "rewind";
        assertThatThrownBy(command::execute).hasMessageStartingWith("unknown action 'rewind'");
    }

    @Test
    void durationsAndSizesReadLikeAPlayer() {
        assertThat(RecordingsCommand.duration(Duration.ofSeconds(42))).isEqualTo("0:42");
        assertThat(RecordingsCommand.duration(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
        assertThat(RecordingsCommand.size(900)).isEqualTo("900 B");
        assertThat(RecordingsCommand.size(2048)).isEqualTo("2.0 KB");
    }

    @Test
    void recordActionsAreReadInAnyCaseAndOthersRefused() {
        assertThat(RecordCommand.action("Pause")).isEqualTo(org.switchboard.api.call.RecordingAction.PAUSE);
        assertThatThrownBy(() -> RecordCommand.action("rewind"))
                .hasMessage("unknown action 'rewind'; use start, stop, pause or resume");
    }

    private Recording save(RecordingKind kind, Optional<UUID> agentId, Optional<UUID> groupId, String startedAt) {
        Recording r = Recording.started(UUID.randomUUID(), UUID.randomUUID(), kind, agentId, groupId, "+15551230001",
                "+15550100", Instant.parse(startedAt), "/r/x.wav");
        stored.add(r);
        return r;
    }

    /** Answers only the named methods; anything else fails the test. */
    private static <T> T stub(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer == null) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return answer.apply(args);
        }));
    }
}
