package org.switchboard.api.agent;

/** What an agent may do. Supervisors see and control every call; admins also manage agents. */
public enum Role {
    AGENT,
    SUPERVISOR,
    ADMIN;

    /** True when this role includes every right of {@code other}. */
    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }
}
