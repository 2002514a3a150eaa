package org.switchboard.crm.salesforce.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The service registry as the tests see it: what is registered now, with which properties. */
final class RecordingRegistrar implements Registrar {
    record Service(Class<?> type, Object service, Map<String, Object> properties) {}

    private final List<Service> registered = new ArrayList<>();

    @Override
    public synchronized Registration register(Class<?> type, Object service, Map<String, Object> properties) {
        Service entry = new Service(type, service, Map.copyOf(properties));
        registered.add(entry);
        return () -> {
            synchronized (this) {
                registered.remove(entry);
            }
        };
    }

    synchronized List<Service> of(Class<?> type) {
        return registered.stream().filter(s -> s.type() == type).toList();
    }
}
