package org.switchboard.sip.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventHandler;

/** EventAdmin as Karaf's delivers to a handler registered with topics and a filter, on the caller's thread. */
final class DirectEventAdmin implements EventAdmin {
    private record Subscriber(List<String> topics, Filter filter, EventHandler handler) {}

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    void subscribe(EventHandler handler, String[] topics, String filter) {
        try {
            subscribers.add(new Subscriber(List.of(topics), FrameworkUtil.createFilter(filter), handler));
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    void publish(String topic, Map<String, ?> properties) {
        postEvent(new Event(topic, properties));
    }

    @Override
    public void postEvent(Event event) {
        sendEvent(event);
    }

    @Override
    public void sendEvent(Event event) {
        for (Subscriber subscriber : subscribers) {
            if (subscriber.topics().contains(event.getTopic()) && event.matches(subscriber.filter())) {
                subscriber.handler().handleEvent(event);
            }
        }
    }
}
