package org.switchboard.api.crm;

import java.util.Objects;
import java.util.UUID;

/**
 * The agent on whose behalf a connector is asked: the connector maps them to their own CRM user
 * (the Salesforce user linked through "Connect Switchboard and Salesforce").
 */
public record CrmAgent(UUID agentId, String username, String displayName) {
    /**
     * Switchboard itself, asking before any agent is involved (matching the caller of a ringing
     * call): connectors answer it as their integration user.
     */
    public static final CrmAgent SWITCHBOARD = new CrmAgent(new UUID(0, 0), "switchboard", "Switchboard");

    public CrmAgent {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
    }
}
