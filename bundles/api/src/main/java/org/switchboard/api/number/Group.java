package org.switchboard.api.number;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A hunt group such as {@code support}.
 *
 * @param members agent ids in configured order
 * @param ringTimeout how long one member (or, for ring-all, all members) rings before the call
 *     moves on
 * @param autoRecord whether calls to the group are recorded automatically
 * @param voicemailAfter when set, unanswered calls go to voicemail after this long
 */
public record Group(
        UUID id,
        String name,
        RingStrategy strategy,
        List<UUID> members,
        Duration ringTimeout,
        boolean autoRecord,
        Optional<Duration> voicemailAfter) {

    public Group {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(strategy, "strategy");
        members = List.copyOf(members);
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        Objects.requireNonNull(voicemailAfter, "voicemailAfter");
        if (ringTimeout.isNegative() || ringTimeout.isZero()) {
            throw new IllegalArgumentException("ring timeout must be positive");
        }
    }
}
