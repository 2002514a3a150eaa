package org.switchboard.api.agent;

import java.time.Instant;

/** The outcome of a login attempt. */
public sealed interface AuthResult {

    record Success(Agent agent) implements AuthResult {}

    /** Unknown user, wrong password or disabled agent: deliberately not told apart. */
    record Invalid() implements AuthResult {}

    /** Too many failures in a row; attempts are refused until {@code until}. */
    record Locked(Instant until) implements AuthResult {}
}
