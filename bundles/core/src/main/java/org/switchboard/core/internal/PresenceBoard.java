package org.switchboard.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.switchboard.api.agent.Presence;

/**
 * Live presence of every agent, kept in memory. Besides what agents choose, calls move an
 * AVAILABLE agent to BUSY while connected and, when their last call ends, through WRAP_UP back
 * to AVAILABLE. A presence the agent chose during a call is never overridden.
 */
final class PresenceBoard {

    record Change(UUID agentId, Presence presence, Instant at) {}

    record Status(Presence presence, Instant since, Instant lastCallEndedAt) {}

    private static final class Entry {
        Presence presence = Presence.OFFLINE;
        Instant since = Instant.EPOCH;
        Instant lastCallEndedAt = Instant.EPOCH;
        /** Calls the agent is connected to. */
        final Set<UUID> calls = new HashSet<>();
        /** True while BUSY or WRAP_UP was set by a call, so the call's end may make the agent AVAILABLE again. */
        boolean setByCall;
        Optional<Instant> wrapUpUntil = Optional.empty();
    }

    private final Clock clock;
    private final Map<UUID, Entry> entries = new HashMap<>();
    /** The agents connected to each call: every call event asks who left, so it must not walk all agents. */
    private final Map<UUID, Set<UUID>> agentsByCall = new HashMap<>();
    private volatile Duration wrapUp;

    PresenceBoard(Clock clock, Duration wrapUp) {
        this.clock = clock;
        this.wrapUp = wrapUp;
    }

    void wrapUp(Duration wrapUp) {
        this.wrapUp = wrapUp.isNegative() ? Duration.ZERO : wrapUp;
    }

    synchronized Status status(UUID agentId) {
        Entry e = entries.get(agentId);
        return e == null
                ? new Status(Presence.OFFLINE, Instant.EPOCH, Instant.EPOCH)
                : new Status(e.presence, e.since, e.lastCallEndedAt);
    }

    /** The agent's own choice: ends any wrap-up and is kept when a call ends. */
    synchronized Optional<Change> choose(UUID agentId, Presence presence) {
        Entry e = entry(agentId);
        if (e.presence == presence) {
            return Optional.empty();
        }
        e.setByCall = false;
        e.wrapUpUntil = Optional.empty();
        return Optional.of(move(agentId, e, presence));
    }

    /** The agents got connected to the call. */
    synchronized List<Change> joined(UUID callId, Collection<UUID> agentIds) {
        List<Change> changes = new ArrayList<>();
        for (UUID agentId : agentIds) {
            Entry e = entry(agentId);
            e.calls.add(callId);
            agentsByCall.computeIfAbsent(callId, id -> new HashSet<>()).add(agentId);
            boolean inOwnWrapUp = e.presence == Presence.WRAP_UP && e.setByCall;
            if (e.presence == Presence.AVAILABLE || inOwnWrapUp) {
                e.setByCall = true;
                e.wrapUpUntil = Optional.empty();
                changes.add(move(agentId, e, Presence.BUSY));
            }
        }
        return changes;
    }

    /** Agents connected to the call that are not in {@code stillConnected} have left it. */
    synchronized List<Change> left(UUID callId, Collection<UUID> stillConnected) {
        Set<UUID> connected = agentsByCall.get(callId);
        if (connected == null) {
            return List.of();
        }
        List<Change> changes = new ArrayList<>();
        Instant now = clock.instant();
        for (Iterator<UUID> it = connected.iterator(); it.hasNext(); ) {
            UUID agentId = it.next();
            if (stillConnected.contains(agentId)) {
                continue;
            }
            it.remove();
            Entry e = entries.get(agentId);
            if (!e.calls.remove(callId) || !e.calls.isEmpty()) {
                continue;
            }
            e.lastCallEndedAt = now;
            if (!e.setByCall || e.presence != Presence.BUSY) {
                continue;
            }
            if (wrapUp.isZero()) {
                e.setByCall = false;
                changes.add(move(agentId, e, Presence.AVAILABLE));
            } else {
                e.wrapUpUntil = Optional.of(now.plus(wrapUp));
                changes.add(move(agentId, e, Presence.WRAP_UP));
            }
        }
        if (connected.isEmpty()) {
            agentsByCall.remove(callId);
        }
        return changes;
    }

    /** Ends every wrap-up whose time is over. */
    synchronized List<Change> finishWrapUps() {
        List<Change> changes = new ArrayList<>();
        Instant now = clock.instant();
        entries.forEach((agentId, e) -> {
            if (e.wrapUpUntil.isEmpty() || now.isBefore(e.wrapUpUntil.get())) {
                return;
            }
            // a new call during wrap-up cleared the deadline in joined(), so the agent is free here
            e.wrapUpUntil = Optional.empty();
            e.setByCall = false;
            changes.add(move(agentId, e, Presence.AVAILABLE));
        });
        return changes;
    }

    synchronized Optional<Instant> nextWrapUpEnd() {
        Instant next = null;
        for (Entry e : entries.values()) {
            if (e.wrapUpUntil.isPresent() && (next == null || e.wrapUpUntil.get().isBefore(next))) {
                next = e.wrapUpUntil.get();
            }
        }
        return Optional.ofNullable(next);
    }

    private Entry entry(UUID agentId) {
        return entries.computeIfAbsent(agentId, id -> new Entry());
    }

    private Change move(UUID agentId, Entry e, Presence presence) {
        e.presence = presence;
        e.since = clock.instant();
        return new Change(agentId, presence, e.since);
    }
}
