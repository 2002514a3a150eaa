package org.switchboard.core.internal;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.core.internal.MediaPlan.Bridged;
import org.switchboard.core.internal.MediaPlan.Hearing;
import org.switchboard.core.internal.MediaPlan.Wiring;

/**
 * What each endpoint was last told ({@link MediaWiring}), with an index from each endpoint to the
 * endpoints told to hear a bridge it is in. A new bridge takes its members out of their old ones,
 * and the index finds the partners left behind without looking at every live endpoint: with a
 * thousand calls up, a scan per bridged call cost more than the rest of the wiring.
 */
final class AppliedWirings {
    static final Wiring NOTHING = new Wiring(new MediaPlan.Silent(), false);

    private final Map<UUID, Wiring> byEndpoint = new ConcurrentHashMap<>();
    /** Endpoint → the endpoints whose wiring is a bridge with it as a member (itself included). */
    private final Map<UUID, Set<UUID>> bridgedWith = new ConcurrentHashMap<>();

    Wiring get(UUID endpoint) {
        return byEndpoint.getOrDefault(endpoint, NOTHING);
    }

    void put(UUID endpoint, Wiring wiring) {
        byEndpoint.compute(endpoint, (key, old) -> reindex(key, old, wiring));
    }

    /** The endpoint now hears {@code hearing}, muted as it was (not muted when it was told nothing yet). */
    void hear(UUID endpoint, Hearing hearing) {
        byEndpoint.compute(endpoint, (key, old) -> reindex(key, old, new Wiring(hearing, old != null && old.muted())));
    }

    void remove(UUID endpoint) {
        byEndpoint.computeIfPresent(endpoint, (key, old) -> {
            unindex(key, old);
            return null;
        });
    }

    void clear() {
        byEndpoint.clear();
        bridgedWith.clear();
    }

    /** The endpoints outside {@code members} that were told to hear a bridge with one of the members in it. */
    Set<UUID> leftBehindBy(Set<UUID> members) {
        Set<UUID> partners = new HashSet<>();
        for (UUID member : members) {
            partners.addAll(bridgedWith.getOrDefault(member, Set.of()));
        }
        partners.removeAll(members);
        return partners;
    }

    /** How many endpoints the index holds partners for: none once every wiring is removed. */
    int indexedEndpoints() {
        return bridgedWith.size();
    }

    private Wiring reindex(UUID endpoint, Wiring old, Wiring now) {
        unindex(endpoint, old);
        index(endpoint, now);
        return now;
    }

    private void index(UUID endpoint, Wiring wiring) {
        if (wiring.hearing() instanceof Bridged bridge) {
            for (UUID member : bridge.members()) {
                bridgedWith.compute(member, (key, listeners) -> {
                    Set<UUID> set = listeners == null ? ConcurrentHashMap.newKeySet() : listeners;
                    set.add(endpoint);
                    return set;
                });
            }
        }
    }

    private void unindex(UUID endpoint, Wiring old) {
        if (old != null && old.hearing() instanceof Bridged bridge) {
            for (UUID member : bridge.members()) {
                bridgedWith.computeIfPresent(member, (key, listeners) -> {
                    listeners.remove(endpoint);
                    return listeners.isEmpty() ? null : listeners;
                });
            }
        }
    }
}
