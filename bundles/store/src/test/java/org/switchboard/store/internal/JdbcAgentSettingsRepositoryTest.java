package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import java.util.UUID;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentSettings;
import org.switchboard.api.agent.CallRelation;
import org.switchboard.api.agent.PostCallNavigation;

class JdbcAgentSettingsRepositoryTest {

    @OnBothDatabases
    void settingsAreDefaultsUntilSaved(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        JdbcAgentSettingsRepository settings = new JdbcAgentSettingsRepository(db.dataSource());

        assertThat(settings.get(alice.id())).isEqualTo(AgentSettings.defaults());
    }

    @OnBothDatabases
    void savedSettingsReplaceEarlierOnes(TestDatabase db) {
        Agent alice = Fixtures.createAgent(db.dataSource(), "alice", "1001");
        Agent bob = Fixtures.createAgent(db.dataSource(), "bob", "1002");
        JdbcAgentSettingsRepository settings = new JdbcAgentSettingsRepository(db.dataSource());
        AgentSettings headset = new AgentSettings("usb-headset", "usb-headset", "default", false,
                CallRelation.OPPORTUNITY, PostCallNavigation.CALL_LOG, false);
        AgentSettings speakers = new AgentSettings("default", "speakers", "speakers", true, CallRelation.CASE,
                PostCallNavigation.STAY, true);

        settings.put(alice.id(), headset);
        assertThat(settings.get(alice.id())).isEqualTo(headset);

        settings.put(alice.id(), speakers);
        assertThat(settings.get(alice.id())).isEqualTo(speakers);
        assertThat(settings.get(bob.id())).isEqualTo(AgentSettings.defaults());
    }

    @OnBothDatabases
    void settingsOfAnUnknownAgentAreRefused(TestDatabase db) {
        JdbcAgentSettingsRepository settings = new JdbcAgentSettingsRepository(db.dataSource());

        assertThatThrownBy(() -> settings.put(UUID.randomUUID(), AgentSettings.defaults()))
                .isInstanceOf(NoSuchElementException.class);
    }
}
