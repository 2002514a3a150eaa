package org.switchboard.store.internal;

import java.sql.SQLException;
import java.util.NoSuchElementException;
import java.util.UUID;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.switchboard.api.agent.AgentSettings;
import org.switchboard.api.agent.AgentSettingsRepository;
import org.switchboard.api.agent.CallRelation;
import org.switchboard.api.agent.PostCallNavigation;

@Component(service = AgentSettingsRepository.class)
public final class JdbcAgentSettingsRepository implements AgentSettingsRepository {
    private final Jdbc jdbc;

    @Activate
    public JdbcAgentSettingsRepository(@Reference(target = Database.DATA_SOURCE_TARGET) DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public AgentSettings get(UUID agentId) {
        return jdbc.one("read settings",
                        "SELECT microphone, speaker, ringer, click_to_call, call_relation, post_call_navigation,"
                                + " incoming_notification FROM agent_settings WHERE agent_id = ?",
                        p -> p.uuid(agentId), JdbcAgentSettingsRepository::settings)
                .orElseGet(AgentSettings::defaults);
    }

    @Override
    public void put(UUID agentId, AgentSettings settings) {
        try {
            jdbc.inTransaction("save settings", tx -> {
                int updated = tx.update("UPDATE agent_settings SET microphone = ?, speaker = ?, ringer = ?,"
                                + " click_to_call = ?, call_relation = ?, post_call_navigation = ?,"
                                + " incoming_notification = ? WHERE agent_id = ?",
                        p -> bind(p, settings).uuid(agentId));
                if (updated == 0) {
                    tx.update("INSERT INTO agent_settings (microphone, speaker, ringer, click_to_call, call_relation,"
                                    + " post_call_navigation, incoming_notification, agent_id)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            p -> bind(p, settings).uuid(agentId));
                }
                return null;
            });
        } catch (StoreException e) {
            if (e.isMissingReference()) {
                throw new NoSuchElementException("no agent " + agentId);
            }
            throw e;
        }
    }

    private static Params bind(Params p, AgentSettings s) throws SQLException {
        return p.text(s.microphone()).text(s.speaker()).text(s.ringer()).bool(s.clickToCall())
                .text(s.callRelation().name()).text(s.postCallNavigation().name()).bool(s.incomingNotification());
    }

    private static AgentSettings settings(Row row) throws SQLException {
        return new AgentSettings(row.text("microphone"), row.text("speaker"), row.text("ringer"),
                row.bool("click_to_call"), row.enumValue("call_relation", CallRelation.class),
                row.enumValue("post_call_navigation", PostCallNavigation.class), row.bool("incoming_notification"));
    }
}
