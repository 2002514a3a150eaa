package org.switchboard.api.crm;

import java.util.Objects;
import java.util.Optional;

/** A record in a CRM, e.g. {@code local:Task:0b3…}; {@link #parse} reads that form back. */
public record CrmRef(String connector, String objectType, String id) {
    public CrmRef {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(id, "id");
        if (connector.contains(":") || objectType.contains(":")) {
            throw new IllegalArgumentException("connector and object type must not contain ':'");
        }
    }

    /** Reads back the {@link #toString()} form; empty for text that is not a reference. */
    public static Optional<CrmRef> parse(String text) {
        String[] parts = text.split(":", 3);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CrmRef(parts[0], parts[1], parts[2]));
    }

    @Override
    public String toString() {
        return connector + ":" + objectType + ":" + id;
    }
}
