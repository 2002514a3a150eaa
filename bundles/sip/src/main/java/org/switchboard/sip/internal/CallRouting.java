package org.switchboard.sip.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.CallerIdNotAllowedException;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.Route;

/** Where a call goes once it is open in core, and the caller-ID policy for calls that leave through a trunk. */
final class CallRouting {
    private CallRouting() {}

    /** Offers the call as the number plan decided: to the agent, to the group's hunt, or out through the trunk. */
    static void offer(CallService calls, UUID callId, Route route) {
        if (route instanceof Route.ToGroup group) {
            calls.hunt(callId, group, LegKind.SIP);
        } else {
            calls.offer(callId, LegKind.SIP, partyOf(route).orElseThrow());
        }
    }

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

    /**
     * The caller ID an agent presents: the one asked for when the agent may use it, otherwise their
     * first allowed number (their DID, then the main number).
     *
     * @throws CallerIdNotAllowedException when the number asked for is not one of the agent's
     */
    static Optional<E164> callerId(NumberPlan plan, UUID agentId, Optional<E164> requested) {
        List<E164> allowed = plan.callerIdsFor(agentId);
        if (requested.isEmpty()) {
            return allowed.stream().findFirst();
        }
        if (!allowed.contains(requested.get())) {
            throw new CallerIdNotAllowedException("caller ID " + requested.get().value() + " is not one this agent may use "
                    + allowed.stream().map(E164::value).toList());
        }
        return requested;
    }
}
