package org.switchboard.api.crm;

import java.util.Objects;

/** A record in a CRM, e.g. {@code local / Task / 0b3…}. */
public record CrmRef(String connector, String objectType, String id) {
    public CrmRef {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return connector + ":" + objectType + ":" + id;
    }
}
