package org.switchboard.api.agent;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.switchboard.api.number.E164;

/** What an admin gives to create an agent. The password is hashed by the store and never kept. */
public record NewAgent(
        String username,
        String displayName,
        String extension,
        Optional<E164> did,
        Role role,
        char[] password) {

    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,31}");
    private static final Pattern EXTENSION = Pattern.compile("[0-9]{2,8}");

    public NewAgent {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(role, "role");
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "username must be 2-32 lower-case letters, digits, '.', '_' or '-', starting with a letter");
        }
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("display name must not be blank");
        }
        if (extension == null || !EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("extension must be 2 to 8 digits");
        }
        Passwords.requireAcceptable(password);
    }
}
