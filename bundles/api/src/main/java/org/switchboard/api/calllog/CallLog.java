package org.switchboard.api.calllog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.call.CallDirection;

/**
 * The record of one call, delivered to the CRM as an activity (a Salesforce Task). Its id is
 * the call id, which makes delivery idempotent.
 *
 * @param from caller number or address
 * @param to dialed number or address
 * @param agentId the agent who handled (or missed) the call
 * @param talkTime answered-to-end time, zero when unanswered
 * @param contactId the CRM contact the agent attached the call to
 * @param relatedItemId the CRM case or opportunity the call is related to
 * @param recordingIds recordings and voicemails made during the call
 * @param recordings the playable ones among them, with their links, added by the recording bundle
 *     once each MP3 is written (the delivered Task is amended then)
 */
public record CallLog(
        UUID id,
        CallDirection direction,
        String from,
        String to,
        Optional<UUID> agentId,
        Instant startedAt,
        Optional<Instant> answeredAt,
        Instant endedAt,
        Duration talkTime,
        Disposition disposition,
        String subject,
        String notes,
        Optional<String> contactId,
        Optional<String> relatedItemId,
        List<UUID> recordingIds,
        List<RecordingLink> recordings) {

    public static final int MAX_SUBJECT = 255;
    public static final int MAX_NOTES = 32_000;

    public CallLog {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(answeredAt, "answeredAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(talkTime, "talkTime");
        Objects.requireNonNull(disposition, "disposition");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(relatedItemId, "relatedItemId");
        recordingIds = List.copyOf(recordingIds);
        recordings = List.copyOf(recordings);
        if (subject.length() > MAX_SUBJECT) {
            throw new IllegalArgumentException("subject is longer than " + MAX_SUBJECT + " characters");
        }
        if (notes.length() > MAX_NOTES) {
            throw new IllegalArgumentException("notes are longer than " + MAX_NOTES + " characters");
        }
    }

    /** A log without playable recordings yet. */
    public CallLog(UUID id, CallDirection direction, String from, String to, Optional<UUID> agentId, Instant startedAt,
            Optional<Instant> answeredAt, Instant endedAt, Duration talkTime, Disposition disposition, String subject,
            String notes, Optional<String> contactId, Optional<String> relatedItemId, List<UUID> recordingIds) {
        this(id, direction, from, to, agentId, startedAt, answeredAt, endedAt, talkTime, disposition, subject, notes,
                contactId, relatedItemId, recordingIds, List.of());
    }

    /** This log with {@code link} added, or replacing the link of the same recording. */
    public CallLog withRecording(RecordingLink link) {
        List<RecordingLink> links = new java.util.ArrayList<>(recordings);
        links.removeIf(l -> l.recordingId().equals(link.recordingId()));
        links.add(link);
        List<UUID> ids = new java.util.ArrayList<>(recordingIds);
        if (!ids.contains(link.recordingId())) {
            ids.add(link.recordingId());
        }
        return new CallLog(id, direction, from, to, agentId, startedAt, answeredAt, endedAt, talkTime, disposition,
                subject, notes, contactId, relatedItemId, ids, links);
    }

    /** The agent's after-call input applied to this log. */
    public CallLog withAgentInput(CallLogUpdate update) {
        return new CallLog(id, direction, from, to, agentId, startedAt, answeredAt, endedAt, talkTime, disposition,
                update.subject().orElse(subject), update.notes().orElse(notes),
                update.contactId().or(() -> contactId), update.relatedItemId().or(() -> relatedItemId), recordingIds,
                recordings);
    }
}
