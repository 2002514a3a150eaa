package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.core.internal.CallLogDispatcherTest.ranking;

import org.junit.jupiter.api.Test;

/** The one rule for which CRM answers the agents, shared by core, REST and the console. */
class CrmConnectorRegistryTest {
    private final CrmConnectorRegistry registry = new CrmConnectorRegistry();
    private final FakeCrmConnector local = new FakeCrmConnector("local");
    private final FakeCrmConnector salesforce = new FakeCrmConnector("salesforce");

    @Test
    void theHighestRankingAnswersAndTheNextTakesOverWhenItLeaves() {
        registry.addCrmConnector(local, ranking(0, 1));
        registry.addCrmConnector(salesforce, ranking(100, 2));

        assertThat(registry.preferred()).contains(salesforce);
        assertThat(registry.all()).containsExactly(salesforce, local);
        assertThat(registry.named("local")).contains(local);

        registry.removeCrmConnector(salesforce);
        assertThat(registry.preferred()).contains(local);
        assertThat(registry.named("salesforce")).isEmpty();
    }

    @Test
    void equalRankingPrefersTheOlderService() {
        FakeCrmConnector newer = new FakeCrmConnector("newer");
        registry.addCrmConnector(newer, ranking(0, 9));
        registry.addCrmConnector(local, ranking(0, 3));

        assertThat(registry.preferred()).contains(local);
    }

    @Test
    void noConnectorNoPreference() {
        assertThat(registry.preferred()).isEmpty();
        assertThat(registry.all()).isEmpty();
    }
}
