package org.switchboard.api.agent;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Agents as the running system sees them: identity from the store plus live presence
 * (provided by core). Presence changes are published on {@code org/switchboard/agent/PRESENCE}.
 */
public interface AgentService {

    /**
     * Checks a login. After {@code 5} failures in a row for one username, further attempts are
     * refused for a while even with the right password.
     */
    AuthResult authenticate(String username, char[] password);

    List<AgentStatus> list();

    Optional<AgentStatus> find(UUID agentId);

    Optional<AgentStatus> findByUsername(String username);

    /**
     * Sets an agent's presence.
     *
     * @throws java.util.NoSuchElementException when no such agent exists
     */
    AgentStatus setPresence(UUID agentId, Presence presence);

    /** Creates an agent; new agents start {@link Presence#OFFLINE}. */
    Agent add(NewAgent agent);

    /** @return false when no such agent exists */
    boolean changePassword(UUID agentId, char[] newPassword);
}
