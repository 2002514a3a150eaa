package org.switchboard.store.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentRepository;
import org.switchboard.api.agent.Device;
import org.switchboard.api.agent.DeviceKind;
import org.switchboard.api.agent.DuplicateAgentException;
import org.switchboard.api.agent.NewAgent;
import org.switchboard.api.agent.Passwords;
import org.switchboard.api.agent.Role;
import org.switchboard.api.number.E164;

/**
 * Registered by {@link Database}, which holds the bcrypt cost and the SIP realm from the store
 * configuration. Whenever a password is set, the SIP digest HA1 values for that realm are written in
 * the same transaction (see {@link JdbcSipCredentialRepository}).
 */
public final class JdbcAgentRepository implements AgentRepository {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcAgentRepository.class);
    private static final int MAX_DISPLAY_NAME = 255;
    // The DID is the lowest number pointing at the agent, so it is stable when there are several.
    private static final String SELECT_AGENT = "SELECT a.id, a.username, a.display_name, a.extension, a.role, a.enabled,"
            + " (SELECT MIN(n.e164) FROM numbers n WHERE n.target_kind = 'AGENT' AND n.target_id = a.id) AS did"
            + " FROM agents a";
    private static final String SELECT_DEVICE = "SELECT id, agent_id, kind, address, label FROM devices";

    private final Jdbc jdbc;
    /** Agents by id, username and extension: routing and every call event ask. */
    private final ReadCache<Object, Optional<Agent>> agents = ReadCache.directory();
    private final PasswordHashes passwords;
    private final String sipRealm;
    private final Clock clock;

    public JdbcAgentRepository(DataSource dataSource, int bcryptCost, String sipRealm, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.passwords = new PasswordHashes(bcryptCost);
        this.sipRealm = sipRealm;
        this.clock = clock;
    }

    @Override
    public Agent create(NewAgent agent) {
        if (agent.displayName().length() > MAX_DISPLAY_NAME) {
            throw new IllegalArgumentException("display name is longer than " + MAX_DISPLAY_NAME + " characters");
        }
        Agent created = new Agent(UUID.randomUUID(), agent.username(), agent.displayName(), agent.extension(),
                agent.did(), agent.role(), true);
        String hash = passwords.hash(agent.password());
        SipHa1 ha1 = SipHa1.of(created.username(), sipRealm, agent.password());
        try {
            jdbc.inTransaction("create agent", tx -> {
                insert(tx, created, hash);
                JdbcSipCredentialRepository.upsert(tx, created.id(), ha1);
                return null;
            });
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                // lost a race with a concurrent create that passed the same checks
                throw new DuplicateAgentException("username or extension already taken");
            }
            throw e;
        } finally {
            agents.invalidate(); // its DID is a new number too
        }
        LOG.info("agent created: agent={} username={} extension={}", created.id(), created.username(),
                created.extension());
        return created;
    }

    private Void insert(Transaction tx, Agent agent, String hash) throws SQLException {
        requireFree(tx, "username", agent.username());
        requireFree(tx, "extension", agent.extension());
        if (agent.did().isPresent()
                && tx.one("SELECT e164 FROM numbers WHERE e164 = ?", p -> p.text(agent.did().get().value()),
                        row -> row.text("e164")).isPresent()) {
            throw new IllegalArgumentException("number " + agent.did().get() + " is already assigned");
        }
        tx.update("INSERT INTO agents (id, username, display_name, extension, role, enabled, password_hash, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                p -> p.uuid(agent.id()).text(agent.username()).text(agent.displayName()).text(agent.extension())
                        .text(agent.role().name()).bool(agent.enabled()).text(hash).instant(clock.instant()));
        if (agent.did().isPresent()) {
            tx.update("INSERT INTO numbers (e164, target_kind, target_id, label) VALUES (?, 'AGENT', ?, ?)",
                    p -> p.text(agent.did().get().value()).uuid(agent.id()).text(agent.displayName()));
        }
        return null;
    }

    private static void requireFree(Transaction tx, String column, String value) throws SQLException {
        // column is one of two constants, never user input
        if (tx.one("SELECT id FROM agents WHERE " + column + " = ?", p -> p.text(value), row -> row.uuid("id"))
                .isPresent()) {
            throw new DuplicateAgentException(column + " " + value + " is already taken");
        }
    }

    @Override
    public Optional<Agent> findById(UUID id) {
        return agents.get(id, () -> jdbc.one("find agent", SELECT_AGENT + " WHERE a.id = ?", p -> p.uuid(id),
                JdbcAgentRepository::agent));
    }

    @Override
    public Optional<Agent> findByUsername(String username) {
        String normalized = username.toLowerCase(Locale.ROOT);
        return agents.get(new ByUsername(normalized), () -> jdbc.one("find agent", SELECT_AGENT + " WHERE a.username = ?",
                p -> p.text(normalized), JdbcAgentRepository::agent));
    }

    @Override
    public Optional<Agent> findByExtension(String extension) {
        return agents.get(new ByExtension(extension), () -> jdbc.one("find agent",
                SELECT_AGENT + " WHERE a.extension = ?", p -> p.text(extension), JdbcAgentRepository::agent));
    }

    private record ByUsername(String username) {
    }

    private record ByExtension(String extension) {
    }

    @Override
    public List<Agent> list() {
        return jdbc.list("list agents", SELECT_AGENT + " ORDER BY a.username", Transaction.NO_PARAMS,
                JdbcAgentRepository::agent);
    }

    @Override
    public boolean setPassword(UUID agentId, char[] newPassword) {
        Passwords.requireAcceptable(newPassword);
        String hash = passwords.hash(newPassword);
        // the UPDATE comes first: it locks the agent's row, so concurrent changes cannot pair one
        // password's bcrypt hash with another password's HA1
        boolean changed = jdbc.inTransaction("set password", tx -> {
            if (tx.update("UPDATE agents SET password_hash = ? WHERE id = ?", p -> p.text(hash).uuid(agentId)) == 0) {
                return false;
            }
            String username = tx.one("SELECT username FROM agents WHERE id = ?", p -> p.uuid(agentId),
                    row -> row.text("username")).orElseThrow();
            JdbcSipCredentialRepository.upsert(tx, agentId, SipHa1.of(username, sipRealm, newPassword));
            return true;
        });
        if (changed) {
            LOG.info("password changed: agent={}", agentId);
        }
        return changed;
    }

    @Override
    public boolean verifyPassword(UUID agentId, char[] password) {
        Optional<String> hash = jdbc.one("verify password", "SELECT password_hash FROM agents WHERE id = ?",
                p -> p.uuid(agentId), row -> row.text("password_hash"));
        return passwords.matches(hash, password);
    }

    @Override
    public List<Device> devices(UUID agentId) {
        return jdbc.list("list devices", SELECT_DEVICE + " WHERE agent_id = ? ORDER BY kind, label, id",
                p -> p.uuid(agentId), JdbcAgentRepository::device);
    }

    @Override
    public Device addDevice(UUID agentId, DeviceKind kind, String address, String label) {
        Device device = new Device(UUID.randomUUID(), agentId, kind, address, label);
        try {
            jdbc.update("add device", "INSERT INTO devices (id, agent_id, kind, address, label) VALUES (?, ?, ?, ?, ?)",
                    p -> p.uuid(device.id()).uuid(agentId).text(kind.name()).text(address).text(label));
        } catch (StoreException e) {
            if (e.isMissingReference()) {
                throw new NoSuchElementException("no agent " + agentId);
            }
            throw e;
        }
        return device;
    }

    @Override
    public boolean removeDevice(UUID deviceId) {
        return jdbc.update("remove device", "DELETE FROM devices WHERE id = ?", p -> p.uuid(deviceId)) > 0;
    }

    private static Agent agent(Row row) throws SQLException {
        return new Agent(row.uuid("id"), row.text("username"), row.text("display_name"), row.text("extension"),
                row.optionalText("did").map(E164::of), row.enumValue("role", Role.class), row.bool("enabled"));
    }

    private static Device device(Row row) throws SQLException {
        return new Device(row.uuid("id"), row.uuid("agent_id"), row.enumValue("kind", DeviceKind.class),
                row.text("address"), row.text("label"));
    }
}
