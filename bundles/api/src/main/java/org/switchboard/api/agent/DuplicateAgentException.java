package org.switchboard.api.agent;

/** An agent with the same username or extension already exists. */
public class DuplicateAgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DuplicateAgentException(String message) {
        super(message);
    }
}
