package org.switchboard.sip.internal;

import org.switchboard.api.recording.VoicemailCounts;

/**
 * The body of a message-summary NOTIFY (RFC 3842 §5.2, {@code application/simple-message-summary}):
 * whether the lamp is lit, the mailbox's account and the voice messages new/old. We have no urgent
 * messages, so the urgent counts are always {@code (0/0)}.
 */
record MessageSummary(VoicemailCounts counts, String account) {
    static final String EVENT = "message-summary";
    static final String CONTENT_TYPE = "application";
    static final String CONTENT_SUBTYPE = "simple-message-summary";

    String body() {
        return "Messages-Waiting: " + (counts.waiting() ? "yes" : "no") + "\r\n"
                + "Message-Account: " + account + "\r\n"
                + "Voice-Message: " + counts.unheard() + "/" + counts.heard() + " (0/0)\r\n";
    }
}
