package org.switchboard.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.switchboard.api.call.Leg;

/**
 * Every call by id and by leg id. Ended calls stay findable for a while (the last
 * {@value #KEEP_ENDED}, at most {@link #KEEP_FOR}) so late adapter reports and REST reads
 * still find them.
 */
final class CallRegistry {
    static final int KEEP_ENDED = 1_000;
    static final Duration KEEP_FOR = Duration.ofMinutes(10);

    private record Retired(LiveCall call, Instant at) {}

    private final ConcurrentMap<UUID, LiveCall> calls = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, UUID> callByLeg = new ConcurrentHashMap<>();
    private final Deque<Retired> retired = new ArrayDeque<>();

    void add(LiveCall call) {
        calls.put(call.id, call);
    }

    void indexLeg(Leg leg) {
        callByLeg.put(leg.id(), leg.callId());
    }

    Optional<LiveCall> get(UUID callId) {
        return Optional.ofNullable(calls.get(callId));
    }

    Optional<LiveCall> byLeg(UUID legId) {
        return Optional.ofNullable(callByLeg.get(legId)).map(calls::get);
    }

    List<LiveCall> all() {
        return List.copyOf(calls.values());
    }

    /** Remembers an ended call and forgets the oldest ended ones beyond the limits. */
    synchronized void retire(LiveCall call, Instant now) {
        retired.addLast(new Retired(call, now));
        Instant tooOld = now.minus(KEEP_FOR);
        while (retired.size() > KEEP_ENDED || (!retired.isEmpty() && retired.peekFirst().at().isBefore(tooOld))) {
            forget(retired.removeFirst().call());
        }
    }

    private void forget(LiveCall call) {
        calls.remove(call.id);
        call.lock.lock();
        try {
            // a leg adopted by another call (warm transfer) is indexed there now; leave it
            call.snapshot().legs().forEach(l -> callByLeg.remove(l.id(), call.id));
        } finally {
            call.lock.unlock();
        }
    }
}
