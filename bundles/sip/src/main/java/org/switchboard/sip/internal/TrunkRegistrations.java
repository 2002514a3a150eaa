package org.switchboard.sip.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/** One {@link TrunkRegistration} per trunk with {@code register=true}, following the registry. */
final class TrunkRegistrations implements TrunkRegistry.Listener, AutoCloseable {
    private final SipEndpoint sip;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Map<String, TrunkRegistration> running = new ConcurrentHashMap<>();

    TrunkRegistrations(SipEndpoint sip, ScheduledExecutorService timer, Clock clock) {
        this.sip = sip;
        this.timer = timer;
        this.clock = clock;
    }

    @Override
    public void trunkAdded(Trunk trunk) {
        if (trunk.register()) {
            TrunkRegistration registration = new TrunkRegistration(trunk, sip, timer, clock);
            TrunkRegistration previous = running.put(trunk.name(), registration);
            if (previous != null) {
                previous.stop();
            }
            // off the caller's thread: DS activation must not wait for the network
            timer.execute(registration::start);
        }
    }

    @Override
    public void trunkRemoved(Trunk trunk) {
        TrunkRegistration registration = running.remove(trunk.name());
        if (registration != null) {
            registration.stop();
        }
    }

    Optional<TrunkRegistration.Status> status(String trunkName) {
        return Optional.ofNullable(running.get(trunkName)).map(TrunkRegistration::status);
    }

    @Override
    public void close() {
        running.values().forEach(TrunkRegistration::stop);
        running.clear();
    }
}
