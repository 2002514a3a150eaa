package org.switchboard.store.internal;

import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.switchboard.api.registration.SipCredentialRepository;
import org.switchboard.api.registration.SipCredentials;

/**
 * Registered by {@link Database}, which holds the realm from the store configuration (a DS component
 * of that PID would copy the database password into its service properties). Rows are written by
 * {@link JdbcAgentRepository} whenever a password is set; rows computed for another realm (the
 * realm was changed since) are not returned: those agents must set their password again.
 */
public final class JdbcSipCredentialRepository implements SipCredentialRepository {
    private final Jdbc jdbc;
    private final String realm;

    public JdbcSipCredentialRepository(DataSource dataSource, String realm) {
        this.jdbc = new Jdbc(dataSource);
        this.realm = realm;
    }

    @Override
    public Optional<SipCredentials> find(String username) {
        if (username == null || username.isEmpty()) {
            return Optional.empty();
        }
        // digest user names are case-sensitive, so no normalisation: "Alice" is not alice's HA1
        return jdbc.one("find sip credentials",
                "SELECT c.agent_id, a.username, c.realm, c.ha1_md5, c.ha1_sha256 FROM sip_credentials c"
                        + " JOIN agents a ON a.id = c.agent_id WHERE a.username = ? AND a.enabled = TRUE AND c.realm = ?",
                p -> p.text(username).text(realm), JdbcSipCredentialRepository::credentials);
    }

    @Override
    public String realm() {
        return realm;
    }

    /** UPDATE-then-INSERT inside the caller's transaction (the one that sets the password). */
    static void upsert(Transaction tx, UUID agentId, SipHa1 ha1) throws SQLException {
        int updated = tx.update("UPDATE sip_credentials SET realm = ?, ha1_md5 = ?, ha1_sha256 = ? WHERE agent_id = ?",
                p -> p.text(ha1.realm()).text(ha1.md5()).text(ha1.sha256()).uuid(agentId));
        if (updated == 0) {
            tx.update("INSERT INTO sip_credentials (agent_id, realm, ha1_md5, ha1_sha256) VALUES (?, ?, ?, ?)",
                    p -> p.uuid(agentId).text(ha1.realm()).text(ha1.md5()).text(ha1.sha256()));
        }
    }

    private static SipCredentials credentials(Row row) throws SQLException {
        return new SipCredentials(row.uuid("agent_id"), row.text("username"), row.text("realm"), row.text("ha1_md5"),
                row.text("ha1_sha256"));
    }
}
