package org.switchboard.api.agent;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.number.E164;

/**
 * A person who takes calls. The username is also the SIP user name.
 *
 * @param id stable identifier
 * @param username login and SIP user name, lower case
 * @param displayName name shown to colleagues and in the directory
 * @param extension internal number, e.g. {@code 1001}
 * @param did direct inward dial number, if the agent has one
 * @param role what the agent may do
 * @param enabled a disabled agent cannot log in or receive calls
 */
public record Agent(
        UUID id,
        String username,
        String displayName,
        String extension,
        Optional<E164> did,
        Role role,
        boolean enabled) {

    public Agent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(role, "role");
    }
}
