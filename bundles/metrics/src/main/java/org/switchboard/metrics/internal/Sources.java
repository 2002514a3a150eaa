package org.switchboard.metrics.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.call.CallService;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.event.EventStreams;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.media.MediaQuality;
import org.switchboard.api.registration.RegistrationRepository;
import org.switchboard.api.trunk.Trunks;

/**
 * The services the gauges read at scrape time. Each may come and go (a bundle being updated):
 * a gauge whose service is absent is simply left out of the scrape.
 */
final class Sources {
    volatile CallService calls;
    volatile AgentService agents;
    volatile RegistrationRepository registrations;
    volatile Trunks trunks;
    volatile Outbox outbox;
    volatile MediaQuality media;
    volatile EventStreams streams;
    final List<HealthIndicator> health = new CopyOnWriteArrayList<>();

    Optional<CallService> calls() {
        return Optional.ofNullable(calls);
    }

    Optional<AgentService> agents() {
        return Optional.ofNullable(agents);
    }

    Optional<RegistrationRepository> registrations() {
        return Optional.ofNullable(registrations);
    }

    Optional<Trunks> trunks() {
        return Optional.ofNullable(trunks);
    }

    Optional<Outbox> outbox() {
        return Optional.ofNullable(outbox);
    }

    Optional<MediaQuality> media() {
        return Optional.ofNullable(media);
    }

    Optional<EventStreams> streams() {
        return Optional.ofNullable(streams);
    }
}
