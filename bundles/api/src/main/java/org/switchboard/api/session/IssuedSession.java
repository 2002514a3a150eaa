package org.switchboard.api.session;

import java.util.Objects;

/** A new session and its bearer token; the token is shown once and only its hash is stored. */
public record IssuedSession(Session session, String token) {
    public IssuedSession {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "IssuedSession[session=" + session + ", token=***]";
    }
}
