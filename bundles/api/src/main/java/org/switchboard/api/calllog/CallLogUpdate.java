package org.switchboard.api.calllog;

import java.util.Objects;
import java.util.Optional;

/** What the agent may change on a call log after the call: empty fields stay as they are. */
public record CallLogUpdate(
        Optional<String> subject, Optional<String> notes, Optional<String> contactId, Optional<String> relatedItemId) {
    public CallLogUpdate {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(relatedItemId, "relatedItemId");
    }
}
