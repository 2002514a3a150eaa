package org.switchboard.recording.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** EventAdmin that keeps what was posted. */
final class CollectedEvents implements EventAdmin {
    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void postEvent(Event event) {
        events.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        events.add(event);
    }

    List<Event> on(String topic) {
        return events.stream().filter(e -> e.getTopic().equals(topic)).toList();
    }
}
