package org.switchboard.api.number;

import java.util.UUID;

/** Who an owned number rings. */
public sealed interface NumberTarget {
    record ToAgent(UUID agentId) implements NumberTarget {}

    record ToGroup(UUID groupId) implements NumberTarget {}
}
