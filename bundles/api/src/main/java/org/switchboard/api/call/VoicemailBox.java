package org.switchboard.api.call;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Whose voicemail a call goes to: an agent's (direct calls) or a group's (calls to its number). */
public record VoicemailBox(Optional<UUID> agentId, Optional<UUID> groupId, String name) {
    public VoicemailBox {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(name, "name");
        if (agentId.isPresent() == groupId.isPresent()) {
            throw new IllegalArgumentException("a voicemail box belongs to one agent or one group");
        }
    }

    public static VoicemailBox ofAgent(UUID agentId, String name) {
        return new VoicemailBox(Optional.of(agentId), Optional.empty(), name);
    }

    public static VoicemailBox ofGroup(UUID groupId, String name) {
        return new VoicemailBox(Optional.empty(), Optional.of(groupId), name);
    }
}
