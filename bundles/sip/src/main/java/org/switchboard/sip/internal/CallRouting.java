package org.switchboard.sip.internal;

import java.util.Optional;
import org.switchboard.api.call.Party;
import org.switchboard.api.number.Route;

/** Who a route names, for a REFER's target. */
final class CallRouting {
    private CallRouting() {}

    /** The single party a route names (a group's first available member); empty when nobody can take it. */
    static Optional<Party> partyOf(Route route) {
        if (route instanceof Route.ToAgent toAgent) {
            return Optional.of(Party.agent(toAgent.agent()));
        }
        if (route instanceof Route.ToGroup group) {
            return group.offerOrder().stream().findFirst().map(Party::agent);
        }
        if (route instanceof Route.ToTrunk trunk) {
            return Optional.of(Party.external(trunk.number()));
        }
        return Optional.empty();
    }
}
