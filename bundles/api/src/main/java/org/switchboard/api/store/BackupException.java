package org.switchboard.api.store;

/** A backup that was not made; the message says why in words an admin can act on. */
public class BackupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
