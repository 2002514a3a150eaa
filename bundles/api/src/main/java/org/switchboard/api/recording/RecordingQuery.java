package org.switchboard.api.recording;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A filter over recordings, newest first.
 *
 * @param audience empty: every recording (supervisors, the console); present: only the
 *     recordings of these agents and the voicemail of these groups
 * @param since inclusive, on {@code startedAt}
 * @param until exclusive
 */
public record RecordingQuery(
        Optional<RecordingKind> kind,
        Optional<Audience> audience,
        Optional<Instant> since,
        Optional<Instant> until,
        boolean unheardOnly,
        int limit) {

    /** Whose recordings a listing may show: an agent's own, and their groups' voicemail. */
    public record Audience(Set<UUID> agentIds, Set<UUID> groupIds) {
        public Audience {
            agentIds = Set.copyOf(agentIds);
            groupIds = Set.copyOf(groupIds);
        }
    }

    public RecordingQuery {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000");
        }
    }

    public static RecordingQuery all(int limit) {
        return new RecordingQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, limit);
    }
}
