package org.switchboard.api.number;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistent owned numbers and groups (provided by the store bundle). */
public interface NumberRepository {

    List<NumberAssignment> numbers();

    Optional<NumberAssignment> find(E164 number);

    /** Points a number at an agent or group, replacing any earlier assignment. */
    void assign(NumberAssignment assignment);

    boolean unassign(E164 number);

    List<Group> groups();

    Optional<Group> findGroup(UUID id);

    Optional<Group> findGroupByName(String name);

    /** Creates or replaces the group with this id; names are unique. */
    Group saveGroup(Group group);
}
