package org.switchboard.rest.internal.view;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.RecordingLink;

/** A call log as the API shows it; absent values are null. */
public record CallLogView(
        String id,
        String direction,
        String from,
        String to,
        String agentId,
        String startedAt,
        String answeredAt,
        String endedAt,
        long talkSeconds,
        String disposition,
        String subject,
        String notes,
        String contactId,
        String relatedItemId,
        List<String> recordingIds,
        List<RecordingLinkView> recordings,
        List<DeliveryView> deliveries) {

    /** A playable recording or voicemail of the call: {@code url} is its stable signed link (as in the CRM Task). */
    public record RecordingLinkView(String recordingId, String kind, String url, long durationSeconds) {
        static RecordingLinkView of(RecordingLink link) {
            return new RecordingLinkView(link.recordingId().toString(), link.kind().name(), link.url().toString(),
                    RecordingView.roundedSeconds(link.duration()));
        }
    }

    /** Where the log went in each CRM: {@code url} opens the activity (the Task) once delivered. */
    public record DeliveryView(String connector, String status, String crmRef, String url, String deliveredAt, String error) {}

    public static CallLogView of(CallLog log) {
        return of(log, List.of());
    }

    public static CallLogView of(CallLog log, List<DeliveryView> deliveries) {
        return new CallLogView(
                log.id().toString(),
                log.direction().name(),
                log.from(),
                log.to(),
                log.agentId().map(UUID::toString).orElse(null),
                log.startedAt().toString(),
                log.answeredAt().map(Instant::toString).orElse(null),
                log.endedAt().toString(),
                log.talkTime().toSeconds(),
                log.disposition().name(),
                log.subject(),
                log.notes(),
                log.contactId().orElse(null),
                log.relatedItemId().orElse(null),
                log.recordingIds().stream().map(UUID::toString).toList(),
                log.recordings().stream().map(RecordingLinkView::of).toList(),
                deliveries);
    }
}
