package org.switchboard.rest.internal.view;

import java.util.List;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.number.E164;

/** An agent as the API shows it; {@code did} is null when the agent has none. */
public record AgentView(
        String id,
        String username,
        String displayName,
        String extension,
        String did,
        String role,
        String presence,
        String presenceSince,
        List<String> callerIds) {

    public static AgentView of(AgentStatus status, List<E164> callerIds) {
        var agent = status.agent();
        return new AgentView(
                agent.id().toString(),
                agent.username(),
                agent.displayName(),
                agent.extension(),
                agent.did().map(E164::value).orElse(null),
                agent.role().name(),
                status.presence().name(),
                status.since().toString(),
                callerIds.stream().map(E164::value).toList());
    }
}
