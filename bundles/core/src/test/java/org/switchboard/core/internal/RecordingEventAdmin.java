package org.switchboard.core.internal;

import java.util.ArrayList;
import java.util.List;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;

/** Keeps every event, in order, and hands it synchronously to the handlers the test wired in. */
final class RecordingEventAdmin implements EventAdmin {
    final List<Event> events = new ArrayList<>();
    final List<EventHandler> handlers = new ArrayList<>();

    @Override
    public void postEvent(Event event) {
        events.add(event);
        handlers.forEach(h -> h.handleEvent(event));
    }

    @Override
    public void sendEvent(Event event) {
        postEvent(event);
    }

    List<String> topics() {
        return events.stream().map(Event::getTopic).toList();
    }

    Event last(String topic) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).getTopic().equals(topic)) {
                return events.get(i);
            }
        }
        throw new AssertionError("no event on " + topic + " among " + topics());
    }

    void clear() {
        events.clear();
    }
}
