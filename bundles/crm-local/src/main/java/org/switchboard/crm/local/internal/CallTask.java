package org.switchboard.crm.local.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.switchboard.api.calllog.CallLog;

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
                descriptionOf(log.notes(), log.recordingIds()),
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

    /** Notes, then the recording ids; notes are cut rather than the ids when both do not fit. */
    static String descriptionOf(String notes, List<UUID> recordingIds) {
        if (recordingIds.isEmpty()) {
            return cut(notes, MAX_DESCRIPTION);
        }
        String recordings = "Recordings: " + recordingIds.stream().map(UUID::toString).collect(Collectors.joining(", "));
        if (notes.isBlank()) {
            return cut(recordings, MAX_DESCRIPTION);
        }
        String separator = "\n\n";
        int room = MAX_DESCRIPTION - separator.length() - recordings.length();
        return room <= 0 ? cut(recordings, MAX_DESCRIPTION) : cut(notes, room) + separator + recordings;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static Optional<String> reference(String field, Optional<String> id) {
        Optional<String> present = id.map(String::strip).filter(value -> !value.isEmpty());
        if (present.filter(value -> value.length() > MAX_REFERENCE).isPresent()) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_REFERENCE + " characters");
        }
        return present;
    }
}
