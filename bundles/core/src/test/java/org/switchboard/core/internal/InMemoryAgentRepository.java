package org.switchboard.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentRepository;
import org.switchboard.api.agent.Device;
import org.switchboard.api.agent.DeviceKind;
import org.switchboard.api.agent.DuplicateAgentException;
import org.switchboard.api.agent.NewAgent;
import org.switchboard.api.agent.Role;
import org.switchboard.api.number.E164;

/** The store's agents, in memory; passwords kept as plain strings (tests only). */
final class InMemoryAgentRepository implements AgentRepository {
    private final Map<UUID, Agent> agents = new LinkedHashMap<>();
    private final Map<UUID, String> passwords = new HashMap<>();
    int creates;

    Agent add(String username, String extension, Optional<E164> did) {
        return create(new NewAgent(username, username.toUpperCase(), extension, did, Role.AGENT,
                (username + "-secret").toCharArray()));
    }

    void disable(UUID agentId) {
        Agent a = agents.get(agentId);
        agents.put(agentId, new Agent(a.id(), a.username(), a.displayName(), a.extension(), a.did(), a.role(), false));
    }

    @Override
    public Agent create(NewAgent n) {
        boolean taken = agents.values().stream()
                .anyMatch(a -> a.username().equals(n.username()) || a.extension().equals(n.extension()));
        if (taken) {
            throw new DuplicateAgentException("taken: " + n.username());
        }
        Agent agent = new Agent(UUID.randomUUID(), n.username(), n.displayName(), n.extension(), n.did(), n.role(), true);
        agents.put(agent.id(), agent);
        passwords.put(agent.id(), new String(n.password()));
        creates++;
        return agent;
    }

    @Override
    public Optional<Agent> findById(UUID id) {
        return Optional.ofNullable(agents.get(id));
    }

    @Override
    public Optional<Agent> findByUsername(String username) {
        return agents.values().stream().filter(a -> a.username().equals(username)).findFirst();
    }

    @Override
    public Optional<Agent> findByExtension(String extension) {
        return agents.values().stream().filter(a -> a.extension().equals(extension)).findFirst();
    }

    @Override
    public List<Agent> list() {
        List<Agent> all = new ArrayList<>(agents.values());
        all.sort(Comparator.comparing(Agent::username));
        return all;
    }

    @Override
    public boolean setPassword(UUID agentId, char[] newPassword) {
        if (!agents.containsKey(agentId)) {
            return false;
        }
        passwords.put(agentId, new String(newPassword));
        return true;
    }

    @Override
    public boolean verifyPassword(UUID agentId, char[] password) {
        return new String(password).equals(passwords.get(agentId));
    }

    @Override
    public List<Device> devices(UUID agentId) {
        return List.of();
    }

    @Override
    public Device addDevice(UUID agentId, DeviceKind kind, String address, String label) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean removeDevice(UUID deviceId) {
        return false;
    }
}
