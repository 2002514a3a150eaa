package org.switchboard.api.call;

import java.util.Objects;
import java.util.Optional;

/**
 * What the agents wrote about a call while it goes on (the panel's notes, subject, the contact
 * they picked and the case or opportunity they assigned it to). It travels with the call, so an
 * agent who receives a transfer sees it, and becomes the call log's when the call ends.
 *
 * @param contactId the CRM contact the agent picked, overriding the number's match
 * @param relatedItemId the CRM case or opportunity the call is about
 */
public record CallNotes(String subject, String notes, Optional<String> contactId, Optional<String> relatedItemId) {
    public static final int MAX_SUBJECT = 255;
    public static final int MAX_NOTES = 32_000;
    private static final CallNotes EMPTY = new CallNotes("", "", Optional.empty(), Optional.empty());

    public CallNotes {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(relatedItemId, "relatedItemId");
        if (subject.length() > MAX_SUBJECT) {
            throw new IllegalArgumentException("subject is longer than " + MAX_SUBJECT + " characters");
        }
        if (notes.length() > MAX_NOTES) {
            throw new IllegalArgumentException("notes are longer than " + MAX_NOTES + " characters");
        }
    }

    public static CallNotes empty() {
        return EMPTY;
    }
}
