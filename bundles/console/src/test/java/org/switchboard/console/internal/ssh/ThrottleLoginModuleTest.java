package org.switchboard.console.internal.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.modules.properties.PropertiesLoginModule;
import org.apache.karaf.jaas.modules.publickey.PublickeyCallback;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.login.LoginThrottle;
import org.switchboard.testing.MutableClock;

/**
 * The throttle in front of Karaf's real users.properties module, in a real JAAS login, with the
 * entries and flags {@link ThrottledKarafRealm} builds (REQUISITE throttle, OPTIONAL Karaf modules).
 */
class ThrottleLoginModuleTest {
    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, 3, Duration.ofMinutes(5));
    private Configuration realm;

    @BeforeEach
    void usersFile(@TempDir Path etc) throws IOException {
        Path users = Files.writeString(etc.resolve("users.properties"), "admin = right-password,admin,ssh\n");
        AppConfigurationEntry throttleEntry = new AppConfigurationEntry(ThrottleLoginModule.class.getName(),
                LoginModuleControlFlag.REQUISITE, Map.of(ThrottleLoginModule.THROTTLE, throttle));
        AppConfigurationEntry passwords = new AppConfigurationEntry(PropertiesLoginModule.class.getName(),
                LoginModuleControlFlag.OPTIONAL, Map.of("users", users.toString()));
        realm = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {throttleEntry, passwords};
            }
        };
    }

    @Test
    void rightPasswordLogsIn() throws LoginException {
        assertThat(login("admin", "right-password").getPrincipals()).extracting(p -> p.getName()).contains("admin", "ssh");
    }

    @Test
    void wrongPasswordsLockTheUserNameEvenForTheRightPassword() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> login("admin", "guess")).isInstanceOf(LoginException.class);
        }
        assertThatThrownBy(() -> login("admin", "right-password")).hasMessageContaining("locked");
        assertThat(throttle.lockedUntil("admin")).isPresent();
    }

    @Test
    void lockEndsAfterTheLockoutAndOtherUsersAreUnaffected() throws LoginException {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> login("admin", "guess")).isInstanceOf(LoginException.class);
        }
        assertThatThrownBy(() -> login("nobody", "guess")).isInstanceOf(LoginException.class);
        assertThat(throttle.lockedUntil("nobody")).isEmpty();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(login("admin", "right-password").getPrincipals()).isNotEmpty();
    }

    @Test
    void successResetsTheCount() throws LoginException {
        assertThatThrownBy(() -> login("admin", "guess")).isInstanceOf(LoginException.class);
        assertThatThrownBy(() -> login("admin", "guess")).isInstanceOf(LoginException.class);
        login("admin", "right-password");
        assertThatThrownBy(() -> login("admin", "guess")).isInstanceOf(LoginException.class);
        assertThatThrownBy(() -> login("admin", "guess")).isInstanceOf(LoginException.class);
        assertThat(throttle.lockedUntil("admin")).isEmpty();
    }

    @Test
    void publicKeyAttemptsAreNeitherCountedNorRefused() throws IOException {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> keyLogin("admin")).isInstanceOf(LoginException.class);
        }
        assertThat(throttle.lockedUntil("admin")).isEmpty();
    }

    private Subject login(String user, String password) throws LoginException {
        Subject subject = new Subject();
        new LoginContext("karaf", subject, callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback secret) {
                    secret.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        }, realm).login();
        return subject;
    }

    /** As Karaf's SSH server asks for a public-key login: it knows no password callback. */
    private void keyLogin(String user) throws LoginException {
        CallbackHandler keyOnly = callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PublickeyCallback key) {
                    key.setPublicKey((PublicKey) null);
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };
        new LoginContext("karaf", new Subject(), keyOnly, realm).login();
    }
}
