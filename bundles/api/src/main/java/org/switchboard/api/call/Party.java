package org.switchboard.api.call;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.number.E164;

/**
 * Who is on a leg.
 *
 * @param address what the adapter dials or saw: a SIP URI, an extension, an E.164 number
 * @param number the party's number in E.164 form, when known
 * @param agentId the agent, when the party is one of ours
 * @param displayName caller name when known, otherwise empty
 */
public record Party(String address, Optional<E164> number, Optional<UUID> agentId, String displayName) {
    public Party {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(displayName, "displayName");
    }

    public static Party external(E164 number) {
        return new Party(number.value(), Optional.of(number), Optional.empty(), "");
    }

    public static Party agent(UUID agentId, String address, String displayName) {
        return new Party(address, Optional.empty(), Optional.of(agentId), displayName);
    }

    /** One of our agents, reached by extension: how core, REST and the adapters name a callee agent. */
    public static Party agent(Agent agent) {
        return agent(agent.id(), agent.extension(), agent.displayName());
    }
}
