package org.switchboard.console.internal.ssh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the one console admin on a first start: user {@code admin} with a generated password,
 * stored hashed in {@code etc/users.properties}, told once on standard output (the terminal of
 * {@code bin/karaf}) and in a file only the owner can read. Nothing happens once any user holds
 * the admin role, so a restart never regenerates or prints it, and a user an admin (or a test)
 * added beforehand stays the only one.
 */
final class FirstStartAdmin {
    static final String USER = "admin";
    static final List<String> ROLES = List.of("admin", "manager", "viewer", "systembundles", "ssh");
    private static final Logger LOG = LoggerFactory.getLogger(FirstStartAdmin.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    /** 24 characters of a 57-letter alphabet: about 140 bits. */
    private static final int PASSWORD_LENGTH = 24;

    private final ConsoleUsers users;
    private final Path passwordFile;
    private final PrintStream terminal;
    private final SecureRandom random = new SecureRandom();

    FirstStartAdmin(ConsoleUsers users, Path passwordFile, PrintStream terminal) {
        this.users = users;
        this.passwordFile = passwordFile;
        this.terminal = terminal;
    }

    /**
     * Creates the admin if none exists, hashing with {@code hash}; empty when nothing was created.
     * The password file is written before the user, so a crash in between leaves no admin whose
     * password nobody knows (the next start tries again).
     */
    Optional<String> createIfNoAdmin(UnaryOperator<String> hash) throws IOException {
        if (users.anyAdmin()) {
            return Optional.empty();
        }
        if (users.exists(USER)) {
            LOG.warn("No console user holds the admin role, and user '{}' exists in {}: not creating one; "
                    + "give a user the admin role there", USER, users.file());
            return Optional.empty();
        }
        String password = generate();
        String stored = hash.apply(password);
        if (stored == null || stored.equals(password)) {
            throw new IllegalStateException("the password was not hashed: is encryption on in etc/org.apache.karaf.jaas.cfg?");
        }
        writeOwnerOnly(passwordFile, "user: " + USER + "\npassword: " + password + "\n"
                + "# The Switchboard console admin, created at the first start (ssh -p 8101 admin@localhost).\n"
                + "# Delete this file once you have read it; the password is stored hashed in etc/users.properties.\n");
        users.add(USER, stored, ROLES);
        terminal.println();
        terminal.println("Switchboard created the console admin: user '" + USER + "', password " + password);
        terminal.println("  (also in " + passwordFile + ", readable by its owner only: delete it after reading;");
        terminal.println("   this is shown once: ssh -p 8101 " + USER + "@localhost)");
        terminal.println();
        terminal.flush();
        LOG.info("Created the console admin '{}' with a generated password, stored hashed; it is in {} (owner only)",
                USER, passwordFile);
        return Optional.of(password);
    }

    private String generate() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** Created with owner-only permissions from the start (POSIX), never readable by others for a moment. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
            LOG.warn("{} cannot be made owner-only here (no POSIX permissions): restrict it by hand", file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
