package org.switchboard.api.number;

import java.util.List;
import org.switchboard.api.agent.Agent;

/** Where a dialed number goes, as decided by the {@link NumberPlan}. */
public sealed interface Route {

    /** An extension or DID of one agent. */
    record ToAgent(Agent agent) implements Route {}

    /**
     * A group; {@code offerOrder} lists the available members in the order the group's strategy
     * offers them (all at once for ring-all).
     */
    record ToGroup(Group group, List<Agent> offerOrder) implements Route {
        public ToGroup {
            offerOrder = List.copyOf(offerOrder);
        }
    }

    /** Anything that is not ours leaves through a trunk. */
    record ToTrunk(String trunk, E164 number) implements Route {}

    /** Nothing matches and the number cannot be dialed out (e.g. an unknown short code). */
    record Unroutable(String reason) implements Route {}
}
