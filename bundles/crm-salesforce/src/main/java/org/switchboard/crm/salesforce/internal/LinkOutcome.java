package org.switchboard.crm.salesforce.internal;

/** How a "Connect Switchboard and Salesforce" callback ended, for the page the browser shows. */
sealed interface LinkOutcome {

    record Linked(String userName) implements LinkOutcome {}

    /** @param status the HTTP status of the error page; {@code message} is safe to show (no code, no token) */
    record Failed(int status, String message) implements LinkOutcome {}
}
