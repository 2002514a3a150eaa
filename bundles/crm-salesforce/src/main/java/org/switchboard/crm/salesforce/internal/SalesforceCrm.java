package org.switchboard.crm.salesforce.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.servlet.Servlet;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthIndicator;

/**
 * The bundle's composition root. With no {@code clientId} it offers no connector (it would
 * outrank the local CRM) and reports "not configured"; once configured it publishes the
 * {@link CrmConnector} ({@code service.ranking=100}) and the OAuth callback servlet. A changed
 * configuration replaces everything (links being made are then begun again).
 */
@Component(immediate = true, service = {}, configurationPid = SalesforceCrm.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SalesforceCrm.Config.class)
public final class SalesforceCrm {
    static final String PID = "org.switchboard.crm.salesforce";
    static final String HEALTH_NAME = "crm-salesforce";
    static final int RANKING = 100;
    private static final Logger LOG = LoggerFactory.getLogger(SalesforceCrm.class);

    @ObjectClassDefinition(name = "Switchboard Salesforce CRM", description = "Salesforce as the CRM: OAuth 2.0 and the REST API")
    public @interface Config {
        @AttributeDefinition(description = "Salesforce login host (https://test.salesforce.com for a sandbox, or your My Domain)")
        String loginUrl() default "https://login.salesforce.com";

        @AttributeDefinition(description = "The connected app's consumer key; empty leaves Salesforce off")
        String clientId() default "";

        @AttributeDefinition(description = "The connected app's consumer secret, when it requires one for the web-server flow")
        String clientSecret() default "";

        @AttributeDefinition(description = "The integration user's Salesforce username (JWT bearer subject)")
        String username() default "";

        @AttributeDefinition(description = "PEM file with the PKCS#8 RSA private key whose certificate the connected app holds")
        String privateKeyFile() default "";

        @AttributeDefinition(description = "The REST API version used")
        String apiVersion() default "62.0";

        @AttributeDefinition(description = "Where Salesforce sends an agent back after they connect; also the connected app's callback URL")
        String callbackUrl() default SalesforceSettings.DEFAULT_CALLBACK;

        @AttributeDefinition(description = "How long one request to Salesforce may take")
        int requestTimeoutSeconds() default 10;
    }

    private final Registrar registrar;
    private final DataSource dataSource;
    private final Path keyFile;
    private final Clock clock;
    private final Registrar.Registration health;
    private final List<Registrar.Registration> registrations = new ArrayList<>();
    private volatile Health notRunning = Health.up("not configured");
    private volatile SalesforceWiring wiring;

    @Activate
    public SalesforceCrm(BundleContext context, @Reference(target = "(dataSourceName=switchboard)") DataSource dataSource, Config config) {
        this(Registrar.of(context), dataSource, TokenCipher.defaultKeyFile(), Clock.systemDefaultZone(), config);
    }

    SalesforceCrm(Registrar registrar, DataSource dataSource, Path keyFile, Clock clock, Config config) {
        this.registrar = registrar;
        this.dataSource = dataSource;
        this.keyFile = keyFile;
        this.clock = clock;
        this.health = registrar.register(HealthIndicator.class, new HealthIndicator() {
            @Override
            public String name() {
                return HEALTH_NAME;
            }

            @Override
            public Health check() {
                SalesforceWiring current = wiring;
                return current == null ? notRunning : current.health();
            }
        }, Map.of());
        apply(config);
    }

    @Modified
    void modified(Config config) {
        apply(config);
    }

    @Deactivate
    void deactivate() {
        stop();
        health.unregister();
    }

    /** The connector, while configured; for tests. */
    Optional<SalesforceConnector> connector() {
        return Optional.ofNullable(wiring).map(SalesforceWiring::connector);
    }

    private synchronized void apply(Config config) {
        stop();
        SalesforceSettings settings;
        try {
            settings = SalesforceSettings.of(config.loginUrl(), config.clientId(), config.clientSecret(), config.username(),
                    config.privateKeyFile(), config.apiVersion(), config.callbackUrl(), config.requestTimeoutSeconds());
        } catch (IllegalArgumentException e) {
            LOG.error("Salesforce connector off: {}", e.getMessage());
            notRunning = Health.down("configuration: " + e.getMessage());
            return;
        }
        if (!settings.configured()) {
            LOG.info("Salesforce connector not configured (no clientId in etc/{}.cfg)", PID);
            notRunning = Health.up("not configured");
            return;
        }
        SalesforceWiring next = new SalesforceWiring(settings, dataSource, keyFile, clock);
        wiring = next;
        registrations.add(registrar.register(CrmConnector.class, next.connector(),
                Map.of("service.ranking", RANKING, "crm.connector", SalesforceConnector.NAME)));
        registrations.add(registrar.register(Servlet.class, new OAuthCallbackServlet(next.linking()), Map.of(
                "osgi.http.whiteboard.servlet.pattern", settings.callbackPath(),
                "osgi.http.whiteboard.servlet.name", "switchboard-crm-salesforce-oauth")));
        LOG.info("Salesforce connector ready: {} as {}, API v{}, callback {}", settings.loginUrl(), settings.username(),
                settings.apiVersion(), settings.callbackUrl());
        settings.incompleteness().ifPresent(reason -> LOG.warn("Salesforce connector cannot sign in yet: {}", reason));
    }

    private synchronized void stop() {
        registrations.forEach(Registrar.Registration::unregister);
        registrations.clear();
        SalesforceWiring previous = wiring;
        wiring = null;
        if (previous != null) {
            previous.close();
        }
    }
}
