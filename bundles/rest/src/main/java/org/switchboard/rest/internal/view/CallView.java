package org.switchboard.rest.internal.view;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.switchboard.api.call.Call;
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
        String createdAt,
        String answeredAt,
        List<LegView> legs) {

    /** The outside party as the CRM knows them (screen pop), null until matched. */
    public record CallerContact(String id, String name, String account) {}

    public record LegView(String id, String kind, String role, String address, String agentId, String state,
            boolean held, boolean muted) {
        static LegView of(Leg leg) {
            return new LegView(leg.id().toString(), leg.kind().name(), leg.role().name(), leg.party().address(),
                    leg.party().agentId().map(UUID::toString).orElse(null), leg.state().name(), leg.held(), leg.muted());
        }
    }

    public static CallView of(Call call) {
        return new CallView(
                call.id().toString(),
                call.direction().name(),
                call.state().name(),
                call.caller().address(),
                call.caller().displayName().isBlank() ? null : call.caller().displayName(),
                call.caller().agentId().isPresent(),
                call.dialed(),
                call.callerId().map(E164::value).orElse(null),
                call.contact().map(c -> new CallerContact(c.id(), c.name(), c.account().orElse(null))).orElse(null),
                call.createdAt().toString(),
                call.answeredAt().map(Instant::toString).orElse(null),
                call.legs().stream().map(LegView::of).toList());
    }
}
