package org.switchboard.core.internal;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The optional, dynamic EventAdmin of one component. Core keeps working while EventAdmin is
 * absent or restarting; events of that moment are simply not published.
 */
final class EventSink {
    private final AtomicReference<EventAdmin> eventAdmin = new AtomicReference<>();

    void bind(EventAdmin admin) {
        eventAdmin.set(admin);
    }

    void unbind(EventAdmin admin) {
        // a replacement may already be bound; only forget the one that leaves
        eventAdmin.compareAndSet(admin, null);
    }

    void post(String topic, Map<String, ?> properties) {
        EventAdmin admin = eventAdmin.get();
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }
}
