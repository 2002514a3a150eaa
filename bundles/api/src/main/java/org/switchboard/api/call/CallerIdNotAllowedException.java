package org.switchboard.api.call;

/**
 * The caller ID asked for is not one of the numbers the agent may present (their DID, the main
 * number). SIP answers 403, REST 403.
 */
public class CallerIdNotAllowedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallerIdNotAllowedException(String message) {
        super(message);
    }
}
