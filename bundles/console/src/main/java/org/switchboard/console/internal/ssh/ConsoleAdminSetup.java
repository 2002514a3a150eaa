package org.switchboard.console.internal.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.encryption.EncryptionSupport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, makes sure the SSH console has an admin ({@link FirstStartAdmin}), hashing with the
 * encryption Karaf's realm is configured with (etc/org.apache.karaf.jaas.cfg), so that the stored
 * form is exactly what the realm checks.
 */
@Component(immediate = true, service = {})
public final class ConsoleAdminSetup {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAdminSetup.class);
    static final String PASSWORD_FILE = "admin-password.txt";

    @Activate
    public ConsoleAdminSetup(@Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE,
            target = "(!(" + KarafRealm.OURS + "=*))") List<JaasRealm> realms) {
        Map<String, ?> options = KarafRealm.among(realms).flatMap(KarafRealm::passwordModuleOptions).orElse(null);
        if (options == null || options.get("users") == null) {
            LOG.warn("No users.properties module in Karaf's JAAS realm '{}': no console admin created", KarafRealm.NAME);
            return;
        }
        if (!Boolean.parseBoolean(String.valueOf(options.get("encryption.enabled")))) {
            LOG.warn("Password encryption is off in etc/org.apache.karaf.jaas.cfg: no console admin created "
                    + "(it would be stored in clear); add one to etc/users.properties");
            return;
        }
        Path usersFile = Path.of(String.valueOf(options.get("users")));
        EncryptionSupport encryption = new EncryptionSupport(options);
        try {
            new FirstStartAdmin(new ConsoleUsers(usersFile), usersFile.resolveSibling(PASSWORD_FILE), System.out)
                    .createIfNoAdmin(encryption::encrypt);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not create the console admin in {}: {}", usersFile, e.getMessage());
        }
    }
}
