package org.switchboard.api.crm;

/**
 * The agent asked for something the CRM does only on their own behalf, and they have not linked
 * their CRM user yet ("Connect Switchboard and Salesforce" first).
 */
public class CrmNotLinkedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CrmNotLinkedException(String message) {
        super(message);
    }
}
