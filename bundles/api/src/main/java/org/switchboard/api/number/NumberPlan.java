package org.switchboard.api.number;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.call.CallerIdNotAllowedException;

/** Routing decisions and outbound caller IDs (provided by core). */
public interface NumberPlan {

    /**
     * Routes a dialed string: an extension ({@code 1001}), one of our numbers, or an outside
     * number. Each call to a round-robin group advances the group's rotation.
     */
    Route route(String dialed);

    /**
     * Whether calls to this number (one of ours, or an extension) are recorded automatically, as the
     * administrator configured per number. A group's own {@code autoRecord} applies besides.
     */
    default boolean recordsEveryCall(String dialed) {
        return false;
    }

    /** The numbers an agent may present as caller ID: their DID first, then the main number. */
    List<E164> callerIdsFor(UUID agentId);

    /**
     * The caller ID an agent presents: the one asked for when the agent may use it, otherwise their
     * first allowed number (their DID, then the main number).
     *
     * @throws CallerIdNotAllowedException when the number asked for is not one of the agent's
     */
    default Optional<E164> callerIdFor(UUID agentId, Optional<E164> requested) {
        List<E164> allowed = callerIdsFor(agentId);
        if (requested.isEmpty()) {
            return allowed.stream().findFirst();
        }
        if (!allowed.contains(requested.get())) {
            throw new CallerIdNotAllowedException("caller ID " + requested.get().value()
                    + " is not one this agent may use " + allowed.stream().map(E164::value).toList());
        }
        return requested;
    }
}
