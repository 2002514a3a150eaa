package org.switchboard.api.call;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** One party's connection to a call, as a snapshot. */
public record Leg(
        UUID id,
        UUID callId,
        LegKind kind,
        LegRole role,
        Party party,
        LegState state,
        boolean held,
        boolean muted,
        Instant createdAt,
        Optional<Instant> answeredAt,
        Optional<Instant> endedAt,
        Optional<EndReason> endReason) {

    public Leg {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(party, "party");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(answeredAt, "answeredAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(endReason, "endReason");
    }
}
