package org.switchboard.api.event;

/**
 * The WebSocket connections that receive Switchboard events (provided by the REST bundle), for
 * monitoring.
 */
@org.osgi.annotation.versioning.ProviderType
public interface EventStreams {

    /** WebSocket sessions open now that have authenticated (softphone tabs, integrations). */
    int sessions();
}
