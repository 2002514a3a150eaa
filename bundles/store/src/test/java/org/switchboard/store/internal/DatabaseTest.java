package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.switchboard.api.agent.AgentRepository;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.health.HealthStatus;
import org.switchboard.api.registration.SipCredentialRepository;
import org.switchboard.api.store.StoreBackup;

/** The component's life cycle, with a hand-written BundleContext that records service registrations. */
class DatabaseTest {
    private final Map<Class<?>, Object[]> registered = new ConcurrentHashMap<>();
    private final List<Class<?>> unregistered = new CopyOnWriteArrayList<>();
    /** Counts down for the DataSource, the two repositories and the backup, published together once migrated. */
    private final CountDownLatch storePublished = new CountDownLatch(4);
    private final BundleContext context = fake(BundleContext.class, (method, args) -> {
        if (!method.getName().equals("registerService")) {
            throw new UnsupportedOperationException(method.getName());
        }
        Class<?> type = (Class<?>) args[0];
        registered.put(type, args);
        if (type == DataSource.class || type == AgentRepository.class || type == SipCredentialRepository.class
                || type == StoreBackup.class) {
            storePublished.countDown();
        }
        return fake(ServiceRegistration.class, (m, a) -> {
            if (m.getName().equals("unregister")) {
                unregistered.add(type);
            }
            return null;
        });
    });

    @Test
    void servicesArePublishedOnceMigratedAndWithdrawnOnDeactivation() throws Exception {
        Database database = new Database(context, config(Map.of("url", "jdbc:h2:mem:database-test;DB_CLOSE_DELAY=-1",
                "password", "not-for-service-properties")), new OsgiDataSourceFactory(new Driver()));
        try {
            assertThat(storePublished.await(20, TimeUnit.SECONDS)).as("store published").isTrue();

            assertThat(registered).containsOnlyKeys(HealthIndicator.class, DataSource.class, AgentRepository.class,
                    SipCredentialRepository.class, StoreBackup.class);
            assertThat(properties(StoreBackup.class)).isEmpty();
            assertThat(properties(DataSource.class)).isEqualTo(Map.of("dataSourceName", "switchboard"));
            assertThat(properties(AgentRepository.class)).isEmpty();
            assertThat(properties(HealthIndicator.class)).isEmpty();
            DataSource dataSource = (DataSource) registered.get(DataSource.class)[1];
            assertThat(new JdbcOutbox(dataSource).list(Optional.empty(), 10)).isEmpty();
            AgentRepository agents = (AgentRepository) registered.get(AgentRepository.class)[1];
            assertThat(agents.list()).isEmpty();
            assertThat(properties(SipCredentialRepository.class)).isEmpty();
            SipCredentialRepository credentials =
                    (SipCredentialRepository) registered.get(SipCredentialRepository.class)[1];
            assertThat(credentials.realm()).isEqualTo("switchboard.local");
            agents.create(Fixtures.newAgent("alice", "1001"));
            assertThat(credentials.find("alice")).hasValueSatisfying(c -> assertThat(c.realm())
                    .isEqualTo("switchboard.local"));
            assertThat(database.name()).isEqualTo("store");
            assertThat(database.check().status()).isEqualTo(HealthStatus.UP);
            assertThat(database.check().detail()).startsWith("H2 2.3.232, pool ");
        } finally {
            database.deactivate();
        }

        assertThat(unregistered).containsExactlyInAnyOrder(HealthIndicator.class, DataSource.class,
                AgentRepository.class, SipCredentialRepository.class, StoreBackup.class);
        assertThat(database.check().status()).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void unreachableDatabaseKeepsTheStoreDownAndUnpublished() throws Exception {
        Database database = new Database(context,
                config(Map.of("url", "jdbc:h2:mem:no-such-db;IFEXISTS=TRUE", "connectionTimeoutMillis", 250L)),
                new OsgiDataSourceFactory(new Driver()));
        Health health;
        try {
            health = database.check();
        } finally {
            database.deactivate();
        }

        assertThat(health.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(health.detail()).startsWith("migrations not applied: ");
        assertThat(registered).containsOnlyKeys(HealthIndicator.class);
    }

    @Test
    void invalidBcryptCostFailsActivation() {
        assertThatThrownBy(() -> new Database(context, config(Map.of("bcryptCost", 3)),
                new OsgiDataSourceFactory(new Driver())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bcryptCost");
        assertThat(registered).isEmpty();
    }

    @Test
    void sipRealmThatCannotBeQuotedFailsActivation() {
        for (String realm : new String[] {"", "two words", "say \"hi\"", "back\\slash"}) {
            assertThatThrownBy(() -> new Database(context, config(Map.of("sipRealm", realm)),
                    new OsgiDataSourceFactory(new Driver())))
                    .as(realm).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sipRealm");
        }
        assertThat(registered).isEmpty();
    }

    private Map<String, Object> properties(Class<?> type) {
        Dictionary<?, ?> dictionary = (Dictionary<?, ?>) registered.get(type)[2];
        return Collections.list(dictionary.keys()).stream()
                .collect(Collectors.toMap(Object::toString, dictionary::get));
    }

    /** The store configuration with its declared defaults, some of them overridden. */
    private static Database.Config config(Map<String, Object> overrides) {
        return fake(Database.Config.class, (method, args) -> switch (method.getName()) {
            case "annotationType" -> Database.Config.class;
            case "toString" -> "Config" + overrides;
            default -> overrides.getOrDefault(method.getName(), method.getDefaultValue());
        });
    }

    @FunctionalInterface
    private interface Answer {
        Object answer(Method method, Object[] args) throws SQLException;
    }

    private static <T> T fake(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(DatabaseTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method, args)));
    }
}
