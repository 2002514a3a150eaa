package org.switchboard.api.crm;

/**
 * The CRM refused the request for good (a validation error, a record of the wrong kind): trying
 * again cannot help. The outbox parks such a call log with this message for an admin to read.
 */
public class CrmRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CrmRejectedException(String message) {
        super(message);
    }

    public CrmRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
