package org.switchboard.console.internal.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstStartAdminTest {
    /** Stands in for Karaf's encryption service: any one-way form that is not the password. */
    private static final UnaryOperator<String> HASH = p -> "{CRYPT}" + Integer.toHexString(p.hashCode()) + "{CRYPT}";

    @TempDir
    Path etc;

    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

    @Test
    void firstStartCreatesAnAdminStoredHashedAndToldOnceOwnerOnly() throws IOException {
        Path users = Files.writeString(etc.resolve("users.properties"),
                "#karaf = karaf,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh");

        Optional<String> password = admin(users).createIfNoAdmin(HASH);

        assertThat(password).hasValueSatisfying(p -> assertThat(p).hasSize(24).matches("[A-Za-z0-9]+"));
        String stored = Files.readString(users);
        assertThat(stored).contains("admin = " + HASH.apply(password.get()) + ",admin,manager,viewer,systembundles,ssh")
                .doesNotContain(password.get());
        Path file = etc.resolve("admin-password.txt");
        assertThat(Files.readString(file)).contains("user: admin", "password: " + password.get());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(terminal.toString(StandardCharsets.UTF_8)).contains(password.get(), file.toString());
        assertThat(new ConsoleUsers(users).anyAdmin()).isTrue();

        terminal.reset();
        assertThat(admin(users).createIfNoAdmin(HASH)).isEmpty();
        assertThat(terminal.size()).isZero();
        assertThat(Files.readString(users)).isEqualTo(stored);
    }

    @Test
    void anExistingAdminRoleDirectOrThroughAGroupMeansNothingIsCreated() throws IOException {
        Path direct = Files.writeString(etc.resolve("users.properties"), "itest = secret,admin,manager,viewer,ssh\n");
        assertThat(admin(direct).createIfNoAdmin(HASH)).isEmpty();

        Path grouped = Files.writeString(etc.resolve("users2.properties"),
                "ops = secret,_g_:admingroup\n_g_\\:admingroup = group,admin,ssh\n");
        assertThat(new ConsoleUsers(grouped).anyAdmin()).isTrue();
        assertThat(Files.exists(etc.resolve("admin-password.txt"))).isFalse();
    }

    @Test
    void aUserNamedAdminWithoutTheRoleIsLeftAlone() throws IOException {
        Path users = Files.writeString(etc.resolve("users.properties"), "admin = secret,viewer");
        assertThat(admin(users).createIfNoAdmin(HASH)).isEmpty();
        assertThat(Files.readString(users)).isEqualTo("admin = secret,viewer");
    }

    @Test
    void aHashThatIsNoHashIsRefusedAndNothingIsWritten() throws IOException {
        Path users = Files.writeString(etc.resolve("users.properties"), "");
        assertThatThrownBy(() -> admin(users).createIfNoAdmin(p -> p)).hasMessageContaining("not hashed");
        assertThat(Files.readString(users)).isEmpty();
        assertThat(Files.exists(etc.resolve("admin-password.txt"))).isFalse();
    }

    private FirstStartAdmin admin(Path users) {
        return new FirstStartAdmin(new ConsoleUsers(users), etc.resolve("admin-password.txt"),
                new PrintStream(terminal, true, StandardCharsets.UTF_8));
    }
}
