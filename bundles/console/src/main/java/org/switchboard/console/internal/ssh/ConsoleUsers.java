package org.switchboard.console.internal.ssh;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Karaf's {@code etc/users.properties} as its PropertiesLoginModule reads it:
 * {@code user = password,role,...}, where an entry {@code _g_:name} stands for the roles of the
 * group line {@code _g_\:name = group,role,...}.
 */
final class ConsoleUsers {
    static final String ADMIN_ROLE = "admin";
    private static final String GROUP_PREFIX = "_g_:";

    private final Path file;

    ConsoleUsers(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    boolean exists(String user) throws IOException {
        return load().containsKey(user);
    }

    /** Whether some user holds the admin role, directly or through a group. */
    boolean anyAdmin() throws IOException {
        Properties users = load();
        return users.stringPropertyNames().stream()
                .filter(name -> !name.startsWith(GROUP_PREFIX))
                .anyMatch(name -> roles(users, users.getProperty(name)).contains(ADMIN_ROLE));
    }

    /** Appends a user; the password must already be in the form the realm stores (hashed). */
    void add(String user, String storedPassword, List<String> roles) throws IOException {
        if (!user.matches("[A-Za-z0-9._-]+") || storedPassword.contains(",") || storedPassword.contains("\n")) {
            throw new IllegalArgumentException("not a plain user name or stored password: " + user);
        }
        String line = user + " = " + storedPassword + "," + String.join(",", roles) + "\n";
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        String separator = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
        Files.writeString(file, separator + line, StandardCharsets.ISO_8859_1,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Properties load() throws IOException {
        Properties users = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                users.load(in);
            }
        }
        return users;
    }

    private static Set<String> roles(Properties users, String entry) {
        List<String> parts = Arrays.stream(entry.split(",")).map(String::trim).toList();
        return parts.stream().skip(1) // the password
                .flatMap(part -> part.startsWith(GROUP_PREFIX)
                        ? Arrays.stream(users.getProperty(part, "").split(",")).skip(1).map(String::trim)
                        : Stream.of(part))
                .collect(Collectors.toSet());
    }
}
