package org.switchboard.crm.salesforce.internal;

/** Salesforce's token endpoint said no ({@code invalid_grant}, {@code invalid_client_id}, …). */
final class OAuthRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String error;

    OAuthRefusedException(String error, String description) {
        super(error + (description.isEmpty() ? "" : ": " + description));
        this.error = error;
    }

    String error() {
        return error;
    }
}
