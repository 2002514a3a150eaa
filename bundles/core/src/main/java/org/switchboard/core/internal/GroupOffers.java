package org.switchboard.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.number.Group;

/** The order in which a group offers a call to its members, with the round-robin position per group. */
final class GroupOffers {
    private final Map<UUID, UUID> lastOffered = new HashMap<>();

    /** Available, enabled members in the order the group's strategy offers them. */
    List<Agent> offerOrder(Group group, Function<UUID, Optional<AgentStatus>> status) {
        List<AgentStatus> available = group.members().stream()
                .distinct()
                .map(status)
                .flatMap(Optional::stream)
                .filter(s -> s.agent().enabled() && s.presence() == Presence.AVAILABLE)
                .toList();
        return switch (group.strategy()) {
            case RING_ALL -> agents(available);
            case LONGEST_IDLE -> agents(available.stream()
                    .sorted(Comparator.comparing(AgentStatus::lastCallEndedAt))
                    .toList());
            case ROUND_ROBIN -> rotate(group, available);
        };
    }

    /** Starts after whoever was offered the previous call, in configured order, and remembers the new first. */
    private synchronized List<Agent> rotate(Group group, List<AgentStatus> available) {
        Map<UUID, Agent> byId = available.stream()
                .collect(Collectors.toMap(s -> s.agent().id(), AgentStatus::agent));
        List<UUID> members = group.members().stream().distinct().toList();
        int start = Optional.ofNullable(lastOffered.get(group.id())).map(members::indexOf).orElse(-1) + 1;
        List<Agent> order = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Agent agent = byId.get(members.get((start + i) % members.size()));
            if (agent != null) {
                order.add(agent);
            }
        }
        if (!order.isEmpty()) {
            lastOffered.put(group.id(), order.get(0).id());
        }
        return order;
    }

    private static List<Agent> agents(List<AgentStatus> statuses) {
        return statuses.stream().map(AgentStatus::agent).toList();
    }
}
