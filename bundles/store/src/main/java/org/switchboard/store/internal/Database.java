package org.switchboard.store.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.AgentRepository;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.registration.SipCredentialRepository;
import org.switchboard.api.store.StoreBackup;

/**
 * The connection pool. It reports health from the start; the {@link DataSource} and the agent
 * repository appear only once the schema is migrated (the other repositories follow the DataSource).
 * Services are registered by hand, not by DS: DS would copy the configuration, password included,
 * into their service properties.
 */
// declared for resolvers that check service capabilities, since bnd only sees DS services
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=javax.sql.DataSource")
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.switchboard.api.agent.AgentRepository")
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.switchboard.api.health.HealthIndicator")
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=org.switchboard.api.registration.SipCredentialRepository")
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.switchboard.api.store.StoreBackup")
@Component(service = {}, configurationPid = Database.PID, immediate = true)
@Designate(ocd = Database.Config.class)
public final class Database implements HealthIndicator {
    static final String PID = "org.switchboard.store";
    static final String DATA_SOURCE_NAME = "switchboard";
    static final String DATA_SOURCE_TARGET = "(dataSourceName=" + DATA_SOURCE_NAME + ")";
    private static final Duration HEALTH_TIMEOUT = Duration.ofMillis(1500);
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    @ObjectClassDefinition(name = "Switchboard store", description = "The database Switchboard keeps its data in.")
    public @interface Config {
        @AttributeDefinition(description = "JDBC URL; ${karaf.data} is Karaf's data directory.")
        String url() default "jdbc:h2:file:${karaf.data}/switchboard/db;WRITE_DELAY=50;QUERY_CACHE_SIZE=64";

        String user() default "sa";

        @AttributeDefinition(type = AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(description = "Maximum number of pooled connections.")
        int poolSize() default 10;

        @AttributeDefinition(description = "How long a caller waits for a connection before failing.")
        long connectionTimeoutMillis() default 3000;

        @AttributeDefinition(description = "bcrypt work factor for new password hashes (4-31).")
        int bcryptCost() default 10;

        @AttributeDefinition(name = "JDBC driver",
                description = "Which DataSourceFactory to use, e.g. (osgi.jdbc.driver.class=org.postgresql.Driver).")
        String dataSourceFactory_target() default "(osgi.jdbc.driver.class=org.h2.Driver)";

        @AttributeDefinition(name = "SIP realm",
                description = "Realm of the SIP digest credentials written when a password is set.")
        String sipRealm() default "switchboard.local";
    }

    private final BundleContext context;
    private final PoolSettings settings;
    private final HikariDataSource pool;
    private final JdbcAgentRepository agents;
    private final JdbcSipCredentialRepository sipCredentials;
    private final ScheduledExecutorService migrationExecutor;
    private final ExecutorService healthExecutor;
    private final MigrationRetry migrations;
    private final StoreHealth health;
    private final Deque<ServiceRegistration<?>> registrations = new ArrayDeque<>();
    private boolean closed;

    @Activate
    public Database(BundleContext context, Config config,
            @Reference(name = "dataSourceFactory", target = "(osgi.jdbc.driver.class=org.h2.Driver)")
                    DataSourceFactory dataSourceFactory)
            throws SQLException {
        this.context = context;
        this.settings = PoolSettings.from(config, System.getProperties());
        // fail activation before anything starts
        PasswordHashes.requireValidCost(config.bcryptCost());
        String sipRealm = requireValidRealm(config.sipRealm());
        this.pool = Pools.open(dataSourceFactory, settings);
        this.agents = new JdbcAgentRepository(pool, config.bcryptCost(), sipRealm, Clock.systemUTC());
        this.sipCredentials = new JdbcSipCredentialRepository(pool, sipRealm);
        this.migrationExecutor = Executors.newSingleThreadScheduledExecutor(named("switchboard-store-migrations"));
        this.healthExecutor = Executors.newSingleThreadExecutor(named("switchboard-store-health"));
        this.migrations = new MigrationRetry(() -> Migrations.migrate(pool), this::schedule, Backoff.MIGRATIONS,
                this::publish);
        this.health = new StoreHealth(pool, migrations::problem, () -> Pools.describe(pool), healthExecutor,
                HEALTH_TIMEOUT);
        LOG.info("store: opening {} as {} (pool of {})", settings.redactedUrl(), settings.user(), settings.poolSize());
        register(HealthIndicator.class, this, Map.of());
        migrations.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        synchronized (this) {
            closed = true;
            while (!registrations.isEmpty()) {
                registrations.pop().unregister();
            }
        }
        migrationExecutor.shutdownNow();
        healthExecutor.shutdownNow();
        // let a running migration end before its connections are closed under it
        migrationExecutor.awaitTermination(10, TimeUnit.SECONDS);
        pool.close();
        LOG.info("store: closed {}", settings.redactedUrl());
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public Health check() {
        return health.check();
    }

    private synchronized void publish() {
        if (closed) {
            return;
        }
        register(DataSource.class, pool, Map.of("dataSourceName", DATA_SOURCE_NAME));
        register(AgentRepository.class, agents, Map.of());
        register(SipCredentialRepository.class, sipCredentials, Map.of());
        register(StoreBackup.class, new OnlineBackup(pool), Map.of());
    }

    /** The realm goes into a quoted-string of WWW-Authenticate headers, and into every HA1. */
    static String requireValidRealm(String realm) {
        if (realm == null || realm.isBlank() || realm.length() > 255 || !realm.matches("[\\x21-\\x7e&&[^\"\\\\]]+")) {
            throw new IllegalArgumentException("sipRealm must be 1 to 255 printable characters without spaces, quotes"
                    + " or backslashes, was \"" + realm + "\"");
        }
        return realm;
    }

    private synchronized <S> void register(Class<S> type, S service, Map<String, Object> properties) {
        registrations.push(context.registerService(type, service, new Hashtable<>(properties)));
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            migrationExecutor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("store: closing, migration attempt dropped");
        }
    }

    private static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
