package org.switchboard.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberRepository;

/** The store's numbers and groups, in memory. */
final class InMemoryNumberRepository implements NumberRepository {
    private final Map<E164, NumberAssignment> numbers = new LinkedHashMap<>();
    private final Map<UUID, Group> groups = new LinkedHashMap<>();
    int writes;

    @Override
    public List<NumberAssignment> numbers() {
        return new ArrayList<>(numbers.values());
    }

    @Override
    public Optional<NumberAssignment> find(E164 number) {
        return Optional.ofNullable(numbers.get(number));
    }

    @Override
    public void assign(NumberAssignment assignment) {
        numbers.put(assignment.number(), assignment);
        writes++;
    }

    @Override
    public boolean unassign(E164 number) {
        return numbers.remove(number) != null;
    }

    @Override
    public List<Group> groups() {
        return new ArrayList<>(groups.values());
    }

    @Override
    public Optional<Group> findGroup(UUID id) {
        return Optional.ofNullable(groups.get(id));
    }

    @Override
    public Optional<Group> findGroupByName(String name) {
        return groups.values().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    @Override
    public Group saveGroup(Group group) {
        groups.put(group.id(), group);
        writes++;
        return group;
    }
}
