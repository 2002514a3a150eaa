package org.switchboard.console.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingQuery;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingService;
import org.switchboard.api.recording.RecordingStatus;

/**
 * Recordings and voicemail for an admin: the newest first, or those in one state (raw ones wait for
 * the recording bundle; failed ones keep their capture and {@code process} retries them).
 */
@Command(scope = "sb", name = "recordings",
        description = "Lists recordings and voicemail; 'delete <id>' removes one, 'process <id>' encodes a raw or failed one now")
@Service
public class RecordingsCommand implements Action {
    private static final DateTimeFormatter STARTED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Argument(index = 0, name = "action", description = "list (default), delete or process")
    @Completion(value = StringsCompleter.class, values = {"list", "delete", "process"})
    String action = "list";

    @Argument(index = 1, name = "recording", description = "The recording id (first column of the list)")
    @Completion(RecordingCompleter.class)
    String recording;

    @Option(name = "--kind", description = "call or voicemail (default: both)")
    @Completion(value = StringsCompleter.class, values = {"call", "voicemail"})
    String kind;

    @Option(name = "--status", description = "recording, raw, ready or failed (default: all)")
    @Completion(value = StringsCompleter.class, values = {"recording", "raw", "ready", "failed"})
    String status;

    @Option(name = "--limit", description = "Rows to show (default 20)")
    int limit = 20;

    @Reference
    RecordingRepository recordings;

    /** The recording bundle may be stopped or being updated: listing works without it. */
    @Reference(optional = true)
    RecordingService service;

    @Reference
    AgentService agents;

    @Reference
    NumberRepository numbers;

    PrintStream out = System.out;

    @Override
    public Object execute() {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("--limit must be 1 to 1000");
        }
        switch (action.toLowerCase(Locale.ROOT)) {
            case "list" -> list();
            case "delete" -> {
                UUID id = recordingId();
                out.println(service().delete(id) ? "Recording " + id + " deleted (file and metadata)"
                        : "No recording " + id);
            }
            case "process" -> {
                UUID id = recordingId();
                out.println(service().process(id) ? "Recording " + id + " is being encoded now" : "No recording " + id);
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "'; use list, delete or process");
        }
        return null;
    }

    private void list() {
        Optional<RecordingKind> kindFilter = parse(kind, RecordingKind.class, "kind", "call or voicemail");
        Optional<RecordingStatus> statusFilter = parse(status, RecordingStatus.class, "status",
                "recording, raw, ready or failed");
        List<Recording> rows = statusFilter
                .map(s -> recordings.withStatus(s, 1000).stream()
                        .filter(r -> kindFilter.map(k -> r.kind() == k).orElse(true))
                        .sorted(Comparator.comparing(Recording::startedAt).reversed())
                        .limit(limit).toList())
                .orElseGet(() -> recordings.list(new RecordingQuery(kindFilter, Optional.empty(), Optional.empty(),
                        Optional.empty(), false, limit)));
        Map<UUID, String> names = agents.list().stream()
                .collect(Collectors.toMap(s -> s.agent().id(), s -> s.agent().username(), (a, b) -> a));
        Map<UUID, String> groups = numbers.groups().stream().collect(Collectors.toMap(Group::id, Group::name, (a, b) -> a));
        ShellTable table = new ShellTable();
        for (String column : List.of("Recording", "Call", "Kind", "Status", "Started (UTC)", "Duration", "Agent/group",
                "From", "Heard", "Size")) {
            table.column(column);
        }
        for (Recording r : rows) {
            table.addRow().addContent(r.id(), r.callId(), Labels.of(r.kind()), Labels.of(r.status())
                    + r.error().map(e -> " (" + e + ")").orElse(""), STARTED.format(r.startedAt()),
                    r.duration().map(RecordingsCommand::duration).orElse("-"), owner(r, names, groups), r.from(),
                    r.heard() ? "yes" : "no", r.status() == RecordingStatus.READY ? size(r.sizeBytes()) : "-");
        }
        table.print(out);
        out.println(rows.size() + " recordings" + (service == null ? " (the recording bundle is not running)" : ""));
    }

    private static String owner(Recording r, Map<UUID, String> names, Map<UUID, String> groups) {
        return r.agentId().map(id -> names.getOrDefault(id, id.toString()))
                .or(() -> r.groupId().map(id -> "group " + groups.getOrDefault(id, id.toString())))
                .orElse("-");
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    private RecordingService service() {
        if (service == null) {
            throw new IllegalArgumentException("the recording bundle is not running (see bundle:list); try again once it is");
        }
        return service;
    }

    private UUID recordingId() {
        if (recording == null) {
            throw new IllegalArgumentException("name the recording (first column of sb:recordings)");
        }
        try {
            return UUID.fromString(recording.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + recording + "' is not a recording id");
        }
    }

    private static <E extends Enum<E>> Optional<E> parse(String value, Class<E> type, String name, String allowed) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + name + " '" + value + "'; use " + allowed);
        }
    }
}
