package org.switchboard.api.crm;

import java.util.Objects;

/** A case or opportunity the agent creates during a call. */
public record NewCrmItem(Relation relation, String contactId, String subject, String description) {
    public NewCrmItem {
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(description, "description");
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
    }
}
