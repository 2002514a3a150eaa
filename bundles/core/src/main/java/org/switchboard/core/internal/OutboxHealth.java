package org.switchboard.core.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthIndicator;

/** The outbox in the health report: backlog and parked call logs, as of the dispatcher's last round. */
@Component(service = HealthIndicator.class)
public final class OutboxHealth implements HealthIndicator {
    private final CallLogDispatcher dispatcher;

    @Activate
    public OutboxHealth(@Reference CallLogDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public String name() {
        return "outbox";
    }

    @Override
    public Health check() {
        return dispatcher.backlog().health();
    }
}
