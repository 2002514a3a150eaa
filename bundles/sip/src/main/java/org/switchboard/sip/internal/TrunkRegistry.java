package org.switchboard.sip.internal;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;

/**
 * The configured trunks, for the rest of the bundle: the router recognises requests from a trunk,
 * the trunk registrations follow changes, and the B2BUA will route outbound calls through
 * {@link #byName}. Registered under its own (private) class, so only this bundle sees it, and without
 * the trunks' passwords in any service property.
 */
@Component(service = TrunkRegistry.class)
public final class TrunkRegistry {

    /** Told about every trunk that is added, changed or removed. */
    interface Listener {
        void trunkAdded(Trunk trunk);

        void trunkRemoved(Trunk trunk);
    }

    private final Map<String, Trunk> trunks = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    void put(Trunk trunk) {
        Trunk previous = trunks.put(trunk.name(), trunk);
        if (previous != null) {
            listeners.forEach(listener -> listener.trunkRemoved(previous));
        }
        listeners.forEach(listener -> listener.trunkAdded(trunk));
    }

    void remove(Trunk trunk) {
        if (trunks.remove(trunk.name(), trunk)) {
            listeners.forEach(listener -> listener.trunkRemoved(trunk));
        }
    }

    Optional<Trunk> byName(String name) {
        return Optional.ofNullable(trunks.get(name));
    }

    /** The trunk a request from this source belongs to; the first by name if several claim it. */
    Optional<Trunk> bySource(InetAddress address, int port) {
        return all().stream().filter(trunk -> trunk.isSource(address, port)).findFirst();
    }

    List<Trunk> all() {
        return trunks.values().stream().sorted(Comparator.comparing(Trunk::name)).toList();
    }

    /** Adds a listener and tells it about the trunks already known. */
    void addListener(Listener listener) {
        listeners.add(listener);
        all().forEach(listener::trunkAdded);
    }

    void removeListener(Listener listener) {
        listeners.remove(listener);
    }
}
