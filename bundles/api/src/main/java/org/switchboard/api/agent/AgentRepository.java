package org.switchboard.api.agent;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Persistent agents, devices and credentials (provided by the store bundle). Passwords are
 * hashed with a vetted algorithm inside the implementation and never leave it.
 */
public interface AgentRepository {

    /**
     * Creates an agent.
     *
     * @throws DuplicateAgentException when the username or extension is taken
     */
    Agent create(NewAgent agent);

    Optional<Agent> findById(UUID id);

    Optional<Agent> findByUsername(String username);

    Optional<Agent> findByExtension(String extension);

    /** All agents, ordered by username. */
    List<Agent> list();

    /**
     * Replaces an agent's password.
     *
     * @return false when no such agent exists
     */
    boolean setPassword(UUID agentId, char[] newPassword);

    /** True when the password matches the stored hash. Runs in constant time per hash. */
    boolean verifyPassword(UUID agentId, char[] password);

    List<Device> devices(UUID agentId);

    Device addDevice(UUID agentId, DeviceKind kind, String address, String label);

    boolean removeDevice(UUID deviceId);
}
