package org.switchboard.sip.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.VoicemailCounts;

/**
 * Where the message-waiting lamps get their counts: the store's recordings and groups, bound
 * dynamically (the store may restart while phones stay subscribed). An agent's lamp counts their own
 * box and the boxes of every group they are a member of.
 */
final class Mailboxes {
    private volatile RecordingRepository recordings;
    private volatile NumberRepository numbers;

    void set(RecordingRepository recordings) {
        this.recordings = recordings;
    }

    void set(NumberRepository numbers) {
        this.numbers = numbers;
    }

    /** Clears the service only if it is still the one bound (DS may bind the next one first). */
    synchronized void unset(Object service) {
        if (recordings == service) {
            recordings = null;
        }
        if (numbers == service) {
            numbers = null;
        }
    }

    /** Empty while the store is away: the lamp's state is then unknown, not "no messages". */
    Optional<VoicemailCounts> counts(UUID agentId) {
        RecordingRepository repository = recordings;
        if (repository == null) {
            return Optional.empty();
        }
        return Optional.of(repository.voicemailCounts(agentId, groupsOf(agentId)));
    }

    /** The groups the agent is a member of; none while the number store is away. */
    List<UUID> groupsOf(UUID agentId) {
        NumberRepository repository = numbers;
        if (repository == null) {
            return List.of();
        }
        return repository.groups().stream().filter(group -> group.members().contains(agentId)).map(Group::id).toList();
    }

    /** The members of a group, for a group's voicemail; none when the group or the store is unknown. */
    List<UUID> membersOf(UUID groupId) {
        NumberRepository repository = numbers;
        if (repository == null) {
            return List.of();
        }
        return repository.findGroup(groupId).map(Group::members).orElse(List.of());
    }
}
