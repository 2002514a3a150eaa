package org.switchboard.sip.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The live message-summary subscriptions, by dialog; in memory (a phone re-subscribes after a restart). */
final class MwiSubscriptions {
    private final Map<MwiSubscription.Key, MwiSubscription> byDialog = new ConcurrentHashMap<>();

    /**
     * Adds the subscription unless its agent already has {@code maxPerAgent}; one phone's earlier
     * subscriptions from the same target and source (it rebooted and forgot them) go first. Checked and
     * added in one step, so two SUBSCRIBEs handled at once cannot both pass the limit.
     *
     * @return false when the agent is at the limit (nothing changed)
     */
    synchronized boolean addWithin(MwiSubscription subscription, int maxPerAgent) {
        ofAgent(subscription.agentId()).stream()
                .filter(old -> old.remoteTarget().equals(subscription.remoteTarget())
                        && old.source().equals(subscription.source()))
                .forEach(this::remove);
        if (ofAgent(subscription.agentId()).size() >= maxPerAgent) {
            return false;
        }
        byDialog.put(subscription.key(), subscription);
        return true;
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
