package org.switchboard.api.crm;

/** The kind of CRM record a call can be related to. */
public enum Relation {
    CASE,
    OPPORTUNITY
}
