package org.switchboard.api.crm;

/** The CRM cannot be reached or refused the request for now; the caller may retry later. */
public class CrmUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CrmUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public CrmUnavailableException(String message) {
        super(message);
    }
}
