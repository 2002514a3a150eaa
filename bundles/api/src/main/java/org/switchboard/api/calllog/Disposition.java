package org.switchboard.api.calllog;

/** How a call turned out, as the CRM activity records it. */
public enum Disposition {
    ANSWERED,
    MISSED,
    REJECTED,
    BUSY,
    VOICEMAIL,
    FAILED
}
