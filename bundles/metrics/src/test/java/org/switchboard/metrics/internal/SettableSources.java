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

/** Sources a test sets, as DS sets MetricsEndpoint's references; null is an absent service. */
final class SettableSources implements Sources {
    CallService calls;
    AgentService agents;
    RegistrationRepository registrations;
    Trunks trunks;
    Outbox outbox;
    MediaQuality media;
    EventStreams streams;
    final List<HealthIndicator> health = new CopyOnWriteArrayList<>();

    @Override
    public Optional<CallService> calls() {
        return Optional.ofNullable(calls);
    }

    @Override
    public Optional<AgentService> agents() {
        return Optional.ofNullable(agents);
    }

    @Override
    public Optional<RegistrationRepository> registrations() {
        return Optional.ofNullable(registrations);
    }

    @Override
    public Optional<Trunks> trunks() {
        return Optional.ofNullable(trunks);
    }

    @Override
    public Optional<Outbox> outbox() {
        return Optional.ofNullable(outbox);
    }

    @Override
    public Optional<MediaQuality> media() {
        return Optional.ofNullable(media);
    }

    @Override
    public Optional<EventStreams> streams() {
        return Optional.ofNullable(streams);
    }

    @Override
    public List<HealthIndicator> health() {
        return health;
    }
}
