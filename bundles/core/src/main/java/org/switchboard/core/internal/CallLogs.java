package org.switchboard.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallNotes;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.crm.CrmContact;

/** The call log of an ended call, with what the agents wrote during it. */
final class CallLogs {
    private CallLogs() {}

    static CallLog of(Call call) {
        Instant endedAt = call.endedAt().orElseThrow(() -> new IllegalArgumentException("call has not ended"));
        Duration talkTime = call.answeredAt().map(a -> Duration.between(a, endedAt)).orElse(Duration.ZERO);
        CallNotes notes = call.notes();
        return new CallLog(call.id(), call.direction(), CallEvents.from(call), call.dialed(), agent(call),
                call.createdAt(), call.answeredAt(), endedAt, talkTime, disposition(call), notes.subject(), notes.notes(),
                notes.contactId().or(() -> call.contact().map(CrmContact::id)), notes.relatedItemId(), call.recordingIds());
    }

    static Disposition disposition(Call call) {
        if (call.answeredAt().isPresent()) {
            return Disposition.ANSWERED;
        }
        if (call.voicemail().isPresent()) {
            return Disposition.VOICEMAIL;
        }
        EndReason reason = call.endReason().orElse(EndReason.FAILED);
        return switch (reason) {
            case CANCELLED, NO_ANSWER -> Disposition.MISSED;
            case REJECTED -> Disposition.REJECTED;
            case BUSY -> Disposition.BUSY;
            default -> Disposition.FAILED;
        };
    }

    /**
     * The agent who answered first, else the calling agent (an unanswered call an agent placed is
     * theirs), else the first agent offered the call (a missed inbound call).
     */
    private static Optional<UUID> agent(Call call) {
        List<Leg> callees = call.legs().stream()
                .filter(l -> l.role() == LegRole.CALLEE && l.party().agentId().isPresent())
                .toList();
        Optional<UUID> answered = callees.stream()
                .filter(l -> l.answeredAt().isPresent())
                .min(Comparator.comparing(l -> l.answeredAt().get()))
                .flatMap(l -> l.party().agentId());
        Optional<UUID> boxOwner = call.voicemail().flatMap(v -> v.box().agentId());
        return answered
                .or(() -> boxOwner)
                .or(() -> call.caller().agentId())
                .or(() -> callees.stream().findFirst().flatMap(l -> l.party().agentId()));
    }
}
