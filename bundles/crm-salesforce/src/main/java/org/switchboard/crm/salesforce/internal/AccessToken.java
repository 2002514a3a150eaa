package org.switchboard.crm.salesforce.internal;

import java.net.URI;
import java.util.Objects;

/** A Salesforce access token and the instance it is good for. Never printed: see {@link #toString()}. */
record AccessToken(String value, URI instanceUrl) {
    AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(instanceUrl, "instanceUrl");
    }

    String authorization() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "AccessToken[instanceUrl=" + instanceUrl + "]";
    }
}
