package org.switchboard.api.call;

/** No live call or leg has the given id. */
public class CallNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallNotFoundException(String message) {
        super(message);
    }
}
