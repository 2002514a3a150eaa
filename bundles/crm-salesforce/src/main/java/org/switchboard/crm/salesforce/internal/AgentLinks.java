package org.switchboard.crm.salesforce.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.switchboard.api.crm.CrmUnavailableException;

/**
 * Table {@code crm_salesforce_links} (store migration V6): one row per linked agent, the refresh
 * token sealed by {@link TokenCipher}.
 */
final class AgentLinks {
    private final DataSource dataSource;
    private final TokenCipher cipher;

    AgentLinks(DataSource dataSource, TokenCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    Optional<AgentLink> find(UUID agentId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT sf_user_id, sf_user_name, linked_at FROM crm_salesforce_links WHERE agent_id = ?")) {
            select.setObject(1, agentId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AgentLink(agentId, row.getString(1), row.getString(2),
                        row.getObject(3, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Links the agent, replacing an earlier link (they may connect again, also as another user). */
    void save(AgentLink link, String refreshToken) {
        String sealed = cipher.encrypt(refreshToken, link.agentId());
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM crm_salesforce_links WHERE agent_id = ?");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO crm_salesforce_links "
                            + "(agent_id, sf_user_id, sf_user_name, refresh_token_enc, linked_at) VALUES (?, ?, ?, ?, ?)")) {
                delete.setObject(1, link.agentId());
                delete.executeUpdate();
                insert.setObject(1, link.agentId());
                insert.setString(2, link.userId());
                insert.setString(3, link.userName());
                insert.setString(4, sealed);
                insert.setObject(5, OffsetDateTime.ofInstant(link.linkedAt(), ZoneOffset.UTC));
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The agent's refresh token, for calls made on their behalf. */
    Optional<String> refreshToken(UUID agentId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT refresh_token_enc FROM crm_salesforce_links WHERE agent_id = ?")) {
            select.setObject(1, agentId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(cipher.decrypt(row.getString(1), agentId)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Now, at the precision both databases keep. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static CrmUnavailableException unavailable(SQLException e) {
        String state = e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")";
        return new CrmUnavailableException("Salesforce links: database unavailable" + state, e);
    }
}
