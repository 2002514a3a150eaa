package org.switchboard.sip.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The live message-summary subscriptions, by dialog; in memory (a phone re-subscribes after a restart). */
final class MwiSubscriptions {
    private final Map<MwiSubscription.Key, MwiSubscription> byDialog = new ConcurrentHashMap<>();

    void add(MwiSubscription subscription) {
        byDialog.put(subscription.key(), subscription);
    }

    Optional<MwiSubscription> find(MwiSubscription.Key key) {
        return Optional.ofNullable(byDialog.get(key));
    }

    /** @return false when it was already gone (ended by another thread) */
    boolean remove(MwiSubscription subscription) {
        subscription.lease().cancel();
        return byDialog.remove(subscription.key(), subscription);
    }

    List<MwiSubscription> ofAgent(UUID agentId) {
        return byDialog.values().stream().filter(s -> s.agentId().equals(agentId)).toList();
    }

    List<MwiSubscription> all() {
        return List.copyOf(byDialog.values());
    }

    void clear() {
        byDialog.values().forEach(s -> s.lease().cancel());
        byDialog.clear();
    }
}
