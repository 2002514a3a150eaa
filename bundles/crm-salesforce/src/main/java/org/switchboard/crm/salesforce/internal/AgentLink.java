package org.switchboard.crm.salesforce.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** An agent's Salesforce user, as "Connect Switchboard and Salesforce" recorded it. */
record AgentLink(UUID agentId, String userId, String userName, Instant linkedAt) {
    AgentLink {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(linkedAt, "linkedAt");
    }
}
