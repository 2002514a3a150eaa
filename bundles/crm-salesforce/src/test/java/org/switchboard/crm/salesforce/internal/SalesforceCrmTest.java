package org.switchboard.crm.salesforce.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.testing.Configs.config;

import java.nio.file.Path;
import java.time.Clock;
import javax.servlet.Servlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.health.HealthStatus;

/** What the bundle publishes for a configuration (the shipped cfg has an empty clientId). */
class SalesforceCrmTest {
    @TempDir
    Path etc;

    private final TestDatabase database = TestDatabase.h2();
    private final RecordingRegistrar registry = new RecordingRegistrar();

    @Test
    void withoutClientIdThereIsNoConnectorAndHealthSaysNotConfigured() {
        new SalesforceCrm(registry, database.dataSource(), etc.resolve("key"), Clock.systemUTC(),
                config(SalesforceCrm.Config.class, "clientId", ""));

        assertThat(registry.of(CrmConnector.class)).isEmpty();
        assertThat(registry.of(Servlet.class)).isEmpty();
        HealthIndicator health = (HealthIndicator) registry.of(HealthIndicator.class).get(0).service();
        assertThat(health.name()).isEqualTo("crm-salesforce");
        assertThat(health.check().status()).isEqualTo(HealthStatus.UP);
        assertThat(health.check().detail()).isEqualTo("not configured");
    }

    @Test
    void configuredItOutranksTheLocalCrmAndServesTheCallback() {
        SalesforceCrm bundle = new SalesforceCrm(registry, database.dataSource(), etc.resolve("key"), Clock.systemUTC(),
                config(SalesforceCrm.Config.class, "clientId", "3MVG9switchboard", "username", "integration@switchboard.test",
                        "privateKeyFile", etc.resolve("missing.pem").toString(), "loginUrl", "http://127.0.0.1:9"));

        var connector = registry.of(CrmConnector.class);
        assertThat(connector).hasSize(1);
        assertThat(((CrmConnector) connector.get(0).service()).name()).isEqualTo("salesforce");
        assertThat(connector.get(0).properties()).containsEntry("service.ranking", 100);
        assertThat(registry.of(Servlet.class).get(0).properties())
                .containsEntry("osgi.http.whiteboard.servlet.pattern", "/switchboard/crm-salesforce/oauth/callback");

        HealthIndicator health = (HealthIndicator) registry.of(HealthIndicator.class).get(0).service();
        assertThat(health.check().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(health.check().detail()).contains("no access token").contains("missing.pem");

        bundle.modified(config(SalesforceCrm.Config.class, "clientId", " "));
        assertThat(registry.of(CrmConnector.class)).as("cleared clientId: the connector goes away").isEmpty();
        assertThat(registry.of(Servlet.class)).isEmpty();
        assertThat(health.check().detail()).isEqualTo("not configured");

        bundle.deactivate();
        assertThat(registry.of(HealthIndicator.class)).isEmpty();
    }

    @Test
    void aBrokenConfigurationOffersNoConnectorAndSaysWhy() {
        new SalesforceCrm(registry, database.dataSource(), etc.resolve("key"), Clock.systemUTC(),
                config(SalesforceCrm.Config.class, "clientId", "3MVG9switchboard", "loginUrl", "login.salesforce.com"));

        assertThat(registry.of(CrmConnector.class)).isEmpty();
        HealthIndicator health = (HealthIndicator) registry.of(HealthIndicator.class).get(0).service();
        assertThat(health.check().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(health.check().detail()).contains("loginUrl");
    }
}
