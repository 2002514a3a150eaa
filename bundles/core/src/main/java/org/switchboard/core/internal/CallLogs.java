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
                call.createdAt(), call.answeredAt(), endedAt, talkTime, disposition(call), notes.subject(),
                withEnding(notes.notes(), call.endReason()),
                notes.contactId().or(() -> call.contact().map(CrmContact::id)), notes.relatedItemId(), call.recordingIds());
    }

    /**
     * The agents' notes, then a line saying why Switchboard itself ended the call (media timeout,
     * maximum duration, expired session), so that the CRM's Task and the call-log view tell the agent
     * the call did not simply end: the parties did not hang up.
     */
    static String withEnding(String notes, Optional<EndReason> reason) {
        Optional<String> line = reason.flatMap(CallLogs::ending);
        if (line.isEmpty()) {
            return notes;
        }
        if (notes.isBlank()) {
            return line.get();
        }
        String kept = notes.stripTrailing();
        int room = CallLog.MAX_NOTES - line.get().length() - 2;
        if (kept.length() > room) {
            kept = kept.substring(0, Character.isHighSurrogate(kept.charAt(room - 1)) ? room - 1 : room);
        }
        return kept + "\n\n" + line.get();
    }

    /** The call-log line of an end reason that Switchboard decided, not a party. */
    static Optional<String> ending(EndReason reason) {
        return switch (reason) {
            case MEDIA_TIMEOUT -> Optional.of("Ended by Switchboard: no audio from either party (media timeout); "
                    + "the connection was probably lost.");
            case MAX_DURATION -> Optional.of("Ended by Switchboard: the call reached the maximum call duration.");
            case SESSION_EXPIRED -> Optional.of("Ended by Switchboard: a phone or carrier stopped refreshing its SIP "
                    + "session (session timer expired).");
            default -> Optional.empty();
        };
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
