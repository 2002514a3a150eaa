package org.switchboard.console.internal.ssh;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.switchboard.api.login.LoginThrottle;

/**
 * Karaf's realm "karaf" (which the SSH console logs in to) with {@link ThrottleLoginModule} in
 * front: wrong passwords lock a user name as REST logins do, with the same numbers
 * ({@code maxFailedLogins}, {@code lockoutSeconds} of {@code org.switchboard.core.agents}). It
 * outranks Karaf's own registration of that realm and reuses its entries (users.properties with
 * the configured encryption, keys.properties, audit), so when this bundle stops, Karaf's realm
 * takes over again, unthrottled, and the console stays reachable.
 */
@Component(service = JaasRealm.class, configurationPid = "org.switchboard.core.agents",
        property = KarafRealm.OURS + "=throttled")
public final class ThrottledKarafRealm implements JaasRealm {

    /** The keys of core's agent login protection (core describes them in its metatype). */
    public @interface Config {
        /** Wrong passwords in a row that lock a user name. */
        int maxFailedLogins() default 5;

        /** How long a locked user name stays locked, in seconds. */
        int lockoutSeconds() default 300;
    }

    private final LoginThrottle throttle;
    private final BundleContext context;
    private final List<JaasRealm> karafRealms = new CopyOnWriteArrayList<>();

    @Activate
    public ThrottledKarafRealm(BundleContext context, Config config) {
        this.context = context;
        this.throttle = new LoginThrottle(Clock.systemUTC(), config.maxFailedLogins(),
                Duration.ofSeconds(config.lockoutSeconds()));
    }

    @Modified
    void modified(Config config) {
        throttle.configure(config.maxFailedLogins(), Duration.ofSeconds(config.lockoutSeconds()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(" + KarafRealm.OURS + "=*))")
    void addRealm(JaasRealm realm) {
        karafRealms.add(realm);
    }

    void removeRealm(JaasRealm realm) {
        karafRealms.remove(realm);
    }

    @Override
    public String getName() {
        return KarafRealm.NAME;
    }

    /** Above Karaf's own registration (rank 0). */
    @Override
    public int getRank() {
        return 1;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        Map<String, Object> options = new HashMap<>();
        options.put(ProxyLoginModule.PROPERTY_MODULE, ThrottleLoginModule.class.getName());
        options.put(ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()));
        options.put(ThrottleLoginModule.THROTTLE, throttle);
        List<AppConfigurationEntry> entries = new ArrayList<>();
        // REQUISITE: a refusal stops the login before any password is checked
        entries.add(new AppConfigurationEntry(ProxyLoginModule.class.getName(), LoginModuleControlFlag.REQUISITE, options));
        KarafRealm.among(karafRealms).ifPresent(karaf -> entries.addAll(List.of(karaf.getEntries())));
        return entries.toArray(new AppConfigurationEntry[0]);
    }
}
