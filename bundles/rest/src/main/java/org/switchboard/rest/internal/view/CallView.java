package org.switchboard.rest.internal.view;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.UUID;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallNotes;
import org.switchboard.api.call.CallRecording;
import org.switchboard.api.call.CallVoicemail;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.call.Leg;
import org.switchboard.api.number.E164;

/**
 * A live call as the API shows it. {@code fromName} is the caller's name when known (a colleague's
 * display name, a carrier's caller name); {@code fromAgent} says the caller is one of our agents.
 */
public record CallView(
        String id,
        String direction,
        String state,
        String from,
        String fromName,
        boolean fromAgent,
        String dialed,
        String callerId,
        CallerContact contact,
        NotesView notes,
        String createdAt,
        String answeredAt,
        List<LegView> legs,
        RecordingState recording,
        VoicemailState voicemail,
        List<String> recordingIds) {

    /** The recording running on the call; {@code automatic} ones can be paused but not stopped. */
    public record RecordingState(String recordingId, boolean paused, boolean automatic) {
        static RecordingState of(CallRecording recording) {
            return new RecordingState(recording.recordingId().toString(), recording.paused(), recording.automatic());
        }
    }

    /**
     * The caller is leaving a message: {@code phase} GREETING or RECORDING, {@code box} whose voicemail
     * it is, {@code screening} true when the viewer is listening in (their Pick up applies).
     */
    public record VoicemailState(String phase, String box, String recordingId, boolean screening) {
        static VoicemailState of(CallVoicemail voicemail, Call call, Optional<UUID> viewer) {
            boolean screening = voicemail.screeningLegId().flatMap(call::leg)
                    .flatMap(l -> l.party().agentId())
                    .map(agent -> viewer.map(agent::equals).orElse(false))
                    .orElse(false);
            return new VoicemailState(voicemail.phase().name(), voicemail.box().name(),
                    voicemail.recordingId().toString(), screening);
        }
    }

    /**
     * The outside party as the CRM knows them (screen pop), null until matched; {@code url} opens
     * the record in the CRM.
     */
    public record CallerContact(String id, String kind, String name, String account, String url) {}

    /** What the agents wrote about the call so far; a transferred call carries it to the next agent. */
    public record NotesView(String subject, String notes, String contactId, String relatedItemId) {
        static NotesView of(CallNotes notes) {
            return new NotesView(notes.subject(), notes.notes(), notes.contactId().orElse(null),
                    notes.relatedItemId().orElse(null));
        }
    }

    public record LegView(String id, String kind, String role, String address, String agentId, String state,
            boolean held, boolean muted) {
        static LegView of(Leg leg) {
            return new LegView(leg.id().toString(), leg.kind().name(), leg.role().name(), leg.party().address(),
                    leg.party().agentId().map(UUID::toString).orElse(null), leg.state().name(), leg.held(), leg.muted());
        }
    }

    public static CallView of(Call call) {
        return of(call, contact -> null, Optional.empty());
    }

    /**
     * With {@code contactUrl} saying where the matched contact's record opens (null: nowhere), as
     * {@code viewer} sees it (whether they are the one screening the call).
     */
    public static CallView of(Call call, Function<CrmContact, String> contactUrl, Optional<UUID> viewer) {
        return new CallView(
                call.id().toString(),
                call.direction().name(),
                call.state().name(),
                call.caller().address(),
                call.caller().displayName().isBlank() ? null : call.caller().displayName(),
                call.caller().agentId().isPresent(),
                call.dialed(),
                call.callerId().map(E164::value).orElse(null),
                call.contact().map(c -> new CallerContact(c.id(), c.kind().name(), c.name(), c.account().orElse(null),
                        contactUrl.apply(c))).orElse(null),
                NotesView.of(call.notes()),
                call.createdAt().toString(),
                call.answeredAt().map(Instant::toString).orElse(null),
                call.legs().stream().map(LegView::of).toList(),
                call.recording().map(RecordingState::of).orElse(null),
                call.voicemail().map(v -> VoicemailState.of(v, call, viewer)).orElse(null),
                call.recordingIds().stream().map(UUID::toString).toList());
    }
}
