package org.switchboard.crm.salesforce.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.switchboard.api.health.Health;

/** Everything one configuration runs: made when the configuration applies, closed when it changes or the bundle stops. */
final class SalesforceWiring implements AutoCloseable {
    private final SalesforceSettings settings;
    private final ExecutorService httpThreads;
    private final IntegrationToken token;
    private final SalesforceApi api;
    private final AgentLinking linking;
    private final SalesforceConnector connector;
    private final SalesforceHealth health;

    SalesforceWiring(SalesforceSettings settings, DataSource dataSource, Path keyFile, Clock clock) {
        this.settings = settings;
        this.httpThreads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "crm-salesforce-http");
            thread.setDaemon(true);
            return thread;
        });
        Http http = new Http(Http.newClient(settings.requestTimeout(), httpThreads), settings.requestTimeout());
        TokenEndpoint tokens = new TokenEndpoint(settings, http);
        this.token = new IntegrationToken(settings, tokens, clock);
        this.api = new SalesforceApi(http, token, settings.apiVersion());
        AgentLinks links = new AgentLinks(dataSource, new TokenCipher(keyFile));
        this.linking = new AgentLinking(settings, tokens, http, links, new PendingLinks(clock), clock);
        this.connector = new SalesforceConnector(api, links, linking, clock);
        this.health = new SalesforceHealth(token, api, settings.username());
    }

    SalesforceSettings settings() {
        return settings;
    }

    SalesforceConnector connector() {
        return connector;
    }

    AgentLinking linking() {
        return linking;
    }

    /** The integration user's token, if signed in. */
    Optional<AccessToken> cachedToken() {
        return token.cached();
    }

    Health health() {
        return health.check();
    }

    @Override
    public void close() {
        health.close();
        httpThreads.shutdownNow();
    }
}
