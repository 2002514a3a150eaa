package org.switchboard.console.internal.ssh;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.properties.PropertiesLoginModule;

/** Karaf's own JAAS realm "karaf" (users.properties, keys.properties, audit), which the SSH console logs in to. */
final class KarafRealm {
    static final String NAME = "karaf";
    /** Service property of our realm, so that we never pick it as Karaf's. */
    static final String OURS = "switchboard.realm";

    private KarafRealm() {
    }

    /** The highest-ranked realm named "karaf" among {@code realms}. */
    static Optional<JaasRealm> among(Collection<JaasRealm> realms) {
        return realms.stream().filter(r -> NAME.equals(r.getName())).max(Comparator.comparingInt(JaasRealm::getRank));
    }

    /** The options of the realm's users.properties module: the file ({@code users}) and the encryption.* settings. */
    static Optional<Map<String, ?>> passwordModuleOptions(JaasRealm realm) {
        return Arrays.stream(realm.getEntries())
                .map(AppConfigurationEntry::getOptions)
                .filter(o -> PropertiesLoginModule.class.getName().equals(o.get(ProxyLoginModule.PROPERTY_MODULE)))
                .<Map<String, ?>>map(o -> o)
                .findFirst();
    }
}
