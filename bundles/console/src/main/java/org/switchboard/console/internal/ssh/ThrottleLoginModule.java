package org.switchboard.console.internal.ssh;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.login.LoginThrottle;

/**
 * First module of the throttled realm ({@link ThrottledKarafRealm}, flag REQUISITE): refuses a
 * password login for a locked user name before any password is checked, and counts the outcome
 * of the others. It never authenticates anyone itself: {@link #login()} answers false (ignore
 * me) or throws; the realm's verdict arrives as {@link #commit()} (success) or {@link #abort()}
 * (failure). Public-key logins pass untouched and are not counted: an SSH client offers every key
 * it has before the right one.
 */
public final class ThrottleLoginModule implements LoginModule {
    /** Option carrying the shared {@link LoginThrottle}. */
    static final String THROTTLE = "switchboard.throttle";
    private static final Logger LOG = LoggerFactory.getLogger(ThrottleLoginModule.class);

    private Subject subject;
    private CallbackHandler callbacks;
    private LoginThrottle throttle;
    /** The user of a password login being counted; null for a key login or a refused one. */
    private String counted;

    @Override
    public void initialize(Subject subject, CallbackHandler callbacks, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbacks;
        this.throttle = (LoginThrottle) options.get(THROTTLE);
    }

    @Override
    public boolean login() throws LoginException {
        counted = null;
        Optional<String> user = passwordLoginUser();
        if (user.isEmpty() || throttle == null) {
            return false;
        }
        Optional<Instant> locked = throttle.lockedUntil(user.get());
        if (locked.isPresent()) {
            LOG.warn("SSH login of '{}' from {} refused: locked until {} after repeated wrong passwords",
                    printable(user.get()), client(), locked.get());
            throw new FailedLoginException("login locked");
        }
        counted = user.get();
        return false;
    }

    @Override
    public boolean commit() {
        if (counted != null) {
            throttle.succeeded(counted);
        }
        return false;
    }

    @Override
    public boolean abort() {
        if (counted != null) {
            throttle.failed(counted).ifPresent(until -> LOG.warn(
                    "SSH login of '{}' locked until {} after too many wrong passwords (last from {})",
                    printable(counted), until, client()));
        }
        return false;
    }

    @Override
    public boolean logout() {
        return false;
    }

    /** The user name when this attempt carries a password; empty for a public-key attempt. */
    private Optional<String> passwordLoginUser() throws LoginException {
        NameCallback name = new NameCallback("user: ");
        PasswordCallback password = new PasswordCallback("password: ", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (UnsupportedCallbackException e) {
            return Optional.empty(); // Karaf's public-key handler knows no password
        } catch (IOException e) {
            throw new LoginException(e.getMessage());
        } finally {
            password.clearPassword();
        }
        return Optional.ofNullable(name.getName());
    }

    private String client() {
        return subject == null ? "?" : subject.getPrincipals(ClientPrincipal.class).stream()
                .map(ClientPrincipal::getAddress).findFirst().orElse("?");
    }

    private static String printable(String user) {
        return user.replaceAll("\\p{Cntrl}", "?");
    }
}
