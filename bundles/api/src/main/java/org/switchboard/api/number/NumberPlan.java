package org.switchboard.api.number;

import java.util.List;
import java.util.UUID;

/** Routing decisions and outbound caller IDs (provided by core). */
public interface NumberPlan {

    /**
     * Routes a dialed string: an extension ({@code 1001}), one of our numbers, or an outside
     * number. Each call to a round-robin group advances the group's rotation.
     */
    Route route(String dialed);

    /** The numbers an agent may present as caller ID: their DID first, then the main number. */
    List<E164> callerIdsFor(UUID agentId);
}
