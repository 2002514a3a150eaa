package org.switchboard.api.crm;

import java.util.Objects;

/** A case or opportunity a call can be related to. */
public record CrmItem(String id, Relation relation, String subject, String status, String contactId) {
    public CrmItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(contactId, "contactId");
    }
}
