package org.switchboard.metrics.internal;

import java.util.List;
import java.util.Optional;
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
interface Sources {
    Optional<CallService> calls();

    Optional<AgentService> agents();

    Optional<RegistrationRepository> registrations();

    Optional<Trunks> trunks();

    Optional<Outbox> outbox();

    Optional<MediaQuality> media();

    Optional<EventStreams> streams();

    List<HealthIndicator> health();
}
