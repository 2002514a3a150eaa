package org.switchboard.api.call;

/** The requested operation does not apply in the call's or leg's current state. */
public class IllegalCallStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IllegalCallStateException(String message) {
        super(message);
    }
}
