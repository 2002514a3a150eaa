package org.switchboard.api.health;

/**
 * A component that can tell whether it works (store, CRM connectors, SIP, …). Checks must be
 * quick (well under a second) and must not throw.
 */
public interface HealthIndicator {

    /** Component name shown in the health report, e.g. {@code store}. */
    String name();

    Health check();
}
