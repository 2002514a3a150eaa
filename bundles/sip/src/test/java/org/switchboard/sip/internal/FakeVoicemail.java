package org.switchboard.sip.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.RingStrategy;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingQuery;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingStatus;
import org.switchboard.api.recording.VoicemailCounts;

/**
 * The store's voicemail counts and groups, as far as the message-waiting lamps read them: counts set by
 * the test per agent, and the demo group {@code support} (alice, bob). The lamps are under test, not this.
 */
final class FakeVoicemail implements RecordingRepository, NumberRepository {
    static final UUID SUPPORT = UUID.fromString("00000000-0000-0000-0000-00000000005b");

    private final Map<UUID, VoicemailCounts> counts = new ConcurrentHashMap<>();
    /** The group ids each count was asked with, in order. */
    final List<Collection<UUID>> askedGroups = new CopyOnWriteArrayList<>();

    FakeVoicemail counts(UUID agentId, int unheard, int heard) {
        counts.put(agentId, new VoicemailCounts(unheard, heard));
        return this;
    }

    @Override
    public VoicemailCounts voicemailCounts(UUID agentId, Collection<UUID> groupIds) {
        askedGroups.add(List.copyOf(groupIds));
        return counts.getOrDefault(agentId, new VoicemailCounts(0, 0));
    }

    @Override
    public List<Group> groups() {
        return List.of(new Group(SUPPORT, "support", RingStrategy.RING_ALL,
                List.of(FakeCredentials.ALICE, FakeCredentials.BOB), Duration.ofSeconds(20), true,
                Optional.of(Duration.ofSeconds(20))));
    }

    @Override
    public Optional<Group> findGroup(UUID id) {
        return groups().stream().filter(group -> group.id().equals(id)).findFirst();
    }

    // ---- not read by the lamps ----

    @Override
    public void save(Recording recording) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Recording> find(UUID id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Recording> forCall(UUID callId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Recording> list(RecordingQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Recording> withStatus(RecordingStatus status, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean markHeard(UUID id, boolean heard) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(UUID id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Recording> startedBefore(Instant instant, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<NumberAssignment> numbers() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<NumberAssignment> find(E164 number) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void assign(NumberAssignment assignment) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean unassign(E164 number) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Group> findGroupByName(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Group saveGroup(Group group) {
        throw new UnsupportedOperationException();
    }
}
