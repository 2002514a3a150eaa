package org.switchboard.rest.internal.recording;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.ws.rs.core.Response;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.Role;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingQuery;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingService;
import org.switchboard.rest.internal.error.ApiException;

/**
 * Who may see and delete which recording, and the recording bundle while it runs. An agent sees
 * their own recordings and voicemail plus the voicemail of their groups; supervisors and admins see
 * everything. Only voicemail may be deleted by an agent (their own box or a group's they are in).
 */
public final class RecordingAccess {
    private final RecordingRepository repository;
    private final Supplier<Optional<RecordingService>> service;
    private final NumberRepository numbers;

    public RecordingAccess(RecordingRepository repository, Supplier<Optional<RecordingService>> service,
            NumberRepository numbers) {
        this.repository = repository;
        this.service = service;
        this.numbers = numbers;
    }

    public RecordingRepository repository() {
        return repository;
    }

    /** The recording bundle; 503 {@code recording_unavailable} while it is stopped or being updated. */
    public RecordingService service() {
        return running().orElseThrow(() -> new ApiException(Response.Status.SERVICE_UNAVAILABLE,
                "recording_unavailable", "the recording service is not running; try again shortly"));
    }

    public Optional<RecordingService> running() {
        return service.get();
    }

    /** Empty for supervisors (everything); an agent's own recordings and their groups' voicemail otherwise. */
    public Optional<RecordingQuery.Audience> audience(Agent agent) {
        if (agent.role().includes(Role.SUPERVISOR)) {
            return Optional.empty();
        }
        return Optional.of(new RecordingQuery.Audience(Set.of(agent.id()), groupsOf(agent.id())));
    }

    public boolean visible(Agent agent, Recording recording) {
        return audience(agent).map(a -> inAudience(a, recording)).orElse(true);
    }

    public boolean mayDelete(Agent agent, Recording recording) {
        if (agent.role().includes(Role.SUPERVISOR)) {
            return true;
        }
        return recording.kind() == RecordingKind.VOICEMAIL && visible(agent, recording);
    }

    /** The recording if the agent may see it: 404 when there is none, 403 when it is someone else's. */
    public Recording visible(Agent agent, String id) {
        Recording recording = repository.find(parseId(id))
                .orElseThrow(() -> ApiException.notFound("no recording " + id));
        if (!visible(agent, recording)) {
            throw ApiException.forbidden("recording " + id + " belongs to another agent");
        }
        return recording;
    }

    static boolean inAudience(RecordingQuery.Audience audience, Recording recording) {
        if (recording.agentId().map(audience.agentIds()::contains).orElse(false)) {
            return true;
        }
        return recording.kind() == RecordingKind.VOICEMAIL
                && recording.groupId().map(audience.groupIds()::contains).orElse(false);
    }

    public Set<UUID> groupsOf(UUID agentId) {
        return numbers.groups().stream().filter(g -> g.members().contains(agentId)).map(Group::id)
                .collect(Collectors.toSet());
    }

    public static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no recording " + id);
        }
    }
}
