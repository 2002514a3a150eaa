package org.switchboard.crm.local.internal;

import java.net.URI;
import java.util.Objects;

/** The connector's configuration, checked once when it is applied. */
record Settings(PhoneNumbers phoneNumbers, boolean seedDemo, String baseUrl) {

    Settings {
        Objects.requireNonNull(phoneNumbers, "phoneNumbers");
        Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl = baseUrl.strip();
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        try {
            URI.create(baseUrl + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUrl is not a URL: " + baseUrl, e);
        }
    }

    static Settings of(String defaultRegion, boolean seedDemo, String baseUrl) {
        return new Settings(new PhoneNumbers(defaultRegion), seedDemo, baseUrl);
    }
}
