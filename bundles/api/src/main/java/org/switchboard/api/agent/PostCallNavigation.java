package org.switchboard.api.agent;

/** Where the CRM view goes when a call ends. */
public enum PostCallNavigation {
    STAY,
    CONTACT,
    RELATED_RECORD,
    CALL_LOG
}
