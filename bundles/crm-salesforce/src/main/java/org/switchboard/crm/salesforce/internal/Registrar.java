package org.switchboard.crm.salesforce.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Publishes services whose presence depends on the configuration (the connector exists only once Salesforce is set up). */
interface Registrar {

    interface Registration {
        void unregister();
    }

    Registration register(Class<?> type, Object service, Map<String, Object> properties);

    static Registrar of(BundleContext context) {
        return (type, service, properties) -> {
            Dictionary<String, Object> dictionary = new Hashtable<>(properties);
            ServiceRegistration<?> registration = context.registerService(type.getName(), service, dictionary);
            return () -> {
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the framework unregistered it when the bundle stopped
                }
            };
        };
    }
}
