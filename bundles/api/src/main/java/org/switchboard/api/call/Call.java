package org.switchboard.api.call;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.number.E164;

/**
 * A snapshot of a call: a bridge of two or more legs.
 *
 * @param dialed what the caller dialed
 * @param callerId the number presented to the callee, when chosen or known
 * @param groupId the group the call was offered through, if any
 * @param consultOf for a warm-transfer consultation, the call being transferred
 * @param contact the outside party as the CRM knows them (the caller of an inbound call, the
 *     callee of an outbound one), once the connector matched the number
 * @param notes what the agents wrote about the call so far
 * @param recording the recording running now, if any
 * @param voicemail the message the caller is leaving, if the call went to voicemail
 * @param recordingIds every recording and voicemail made during the call so far, oldest first
 */
public record Call(
        UUID id,
        CallDirection direction,
        CallState state,
        Party caller,
        String dialed,
        Optional<E164> callerId,
        List<Leg> legs,
        Optional<UUID> groupId,
        Optional<UUID> consultOf,
        Optional<CrmContact> contact,
        CallNotes notes,
        Optional<CallRecording> recording,
        Optional<CallVoicemail> voicemail,
        List<UUID> recordingIds,
        Instant createdAt,
        Optional<Instant> answeredAt,
        Optional<Instant> endedAt,
        Optional<EndReason> endReason) {

    public Call {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(dialed, "dialed");
        Objects.requireNonNull(callerId, "callerId");
        legs = List.copyOf(legs);
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(consultOf, "consultOf");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(voicemail, "voicemail");
        recordingIds = List.copyOf(recordingIds);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(answeredAt, "answeredAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(endReason, "endReason");
    }

    public Optional<Leg> leg(UUID legId) {
        return legs.stream().filter(l -> l.id().equals(legId)).findFirst();
    }

    public List<Leg> liveLegs() {
        return legs.stream().filter(l -> l.state().isLive()).toList();
    }

    /** The agent currently connected (answered), or the first ringing one. */
    public Optional<UUID> agentId() {
        return legs.stream()
                .filter(l -> l.state().isLive() && l.role() == LegRole.CALLEE)
                .sorted((a, b) -> Boolean.compare(b.state() == LegState.ANSWERED, a.state() == LegState.ANSWERED))
                .map(l -> l.party().agentId())
                .flatMap(Optional::stream)
                .findFirst()
                .or(() -> caller.agentId());
    }
}
