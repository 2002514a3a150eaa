package org.switchboard.core.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.RingStrategy;

/** A group offer in progress on one call: who is still to be offered it, and the running ring timeout. */
final class Hunt {
    final Group group;
    final LegKind kind;
    final Deque<Agent> waiting;
    /** Sequential strategies: the member ringing now (on each of their devices). */
    Optional<UUID> ringingMember = Optional.empty();
    private Runnable cancelTimer = () -> {};

    Hunt(Group group, List<Agent> offerOrder, LegKind kind) {
        this.group = group;
        this.kind = kind;
        this.waiting = new ArrayDeque<>(offerOrder);
    }

    boolean ringsAll() {
        return group.strategy() == RingStrategy.RING_ALL;
    }

    void timer(Runnable cancel) {
        cancelTimer.run();
        cancelTimer = cancel;
    }

    void stop() {
        cancelTimer.run();
        waiting.clear();
    }
}
