package org.switchboard.rest.internal.view;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.UUID;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallNotes;
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
        List<LegView> legs) {

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
        return of(call, contact -> null);
    }

    /** With {@code contactUrl} saying where the matched contact's record opens (null: nowhere). */
    public static CallView of(Call call, Function<CrmContact, String> contactUrl) {
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
                call.legs().stream().map(LegView::of).toList());
    }
}
