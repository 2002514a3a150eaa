package org.switchboard.crm.local.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.RecordingLink;

/**
 * The Task a call log becomes, shaped like Salesforce's Task with {@code TaskSubtype=Call} so both
 * connectors record a call the same way.
 *
 * @param whoId the contact (Salesforce WhoId)
 * @param whatId the case or opportunity (Salesforce WhatId)
 */
record CallTask(
        String callId,
        String subject,
        String description,
        String callType,
        int durationSeconds,
        String disposition,
        Optional<String> agentId,
        Optional<String> whoId,
        Optional<String> whatId) {

    static final int MAX_SUBJECT = 255;
    static final int MAX_DESCRIPTION = 32_000;
    static final int MAX_REFERENCE = 255;

    static CallTask of(CallLog log) {
        return new CallTask(
                log.id().toString(),
                subjectOf(log),
                descriptionOf(log.notes(), log.recordings()),
                log.direction().name(),
                (int) Math.min(Integer.MAX_VALUE, Math.max(0, log.talkTime().toSeconds())),
                log.disposition().name(),
                log.agentId().map(UUID::toString),
                reference("contactId", log.contactId()),
                reference("relatedItemId", log.relatedItemId()));
    }

    private static String subjectOf(CallLog log) {
        String subject = log.subject().isBlank()
                ? "Call " + log.direction().name().toLowerCase(Locale.ROOT) + " " + log.from() + " → " + log.to()
                : log.subject().strip();
        // The default subject embeds addresses, which may be long SIP URIs.
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 1) + "…";
    }

    /**
     * The agent's notes, a blank line, then one line per playable recording ("Voicemail (0:42): url"),
     * as the Salesforce connector writes its Task's Description; {@code TaskDescription} reads it back.
     * Made from the log alone, so a delivery again writes the same text. The notes are cut, never a link,
     * when both do not fit.
     */
    static String descriptionOf(String notes, List<RecordingLink> recordings) {
        return RecordingLink.taskComment(notes, recordings, MAX_DESCRIPTION);
    }

    private static Optional<String> reference(String field, Optional<String> id) {
        Optional<String> present = id.map(String::strip).filter(value -> !value.isEmpty());
        if (present.filter(value -> value.length() > MAX_REFERENCE).isPresent()) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_REFERENCE + " characters");
        }
        return present;
    }
}
