package org.switchboard.api.recording;

/** What a phone's message-waiting light shows (RFC 3842 {@code Voice-Message: new/old}). */
public record VoicemailCounts(int unheard, int heard) {
    public boolean waiting() {
        return unheard > 0;
    }
}
