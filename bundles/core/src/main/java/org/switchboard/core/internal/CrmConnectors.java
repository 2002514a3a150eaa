package org.switchboard.core.internal;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Constants;
import org.switchboard.api.crm.CrmConnector;

/** The CRM connectors present now; the one with the highest service ranking receives call logs. */
final class CrmConnectors {
    private record Ranked(CrmConnector connector, int ranking, long serviceId) {}

    /** OSGi order: highest ranking first, then the oldest service (lowest id). */
    private static final Comparator<Ranked> PREFERRED = Comparator.comparingInt(Ranked::ranking).reversed()
            .thenComparingLong(Ranked::serviceId);

    private final Map<CrmConnector, Ranked> present = new ConcurrentHashMap<>();

    void add(CrmConnector connector, Map<String, ?> properties) {
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        long serviceId = properties.get(Constants.SERVICE_ID) instanceof Long id ? id : Long.MAX_VALUE;
        present.put(connector, new Ranked(connector, ranking, serviceId));
    }

    void remove(CrmConnector connector) {
        present.remove(connector);
    }

    Optional<CrmConnector> preferred() {
        return present.values().stream().min(PREFERRED).map(Ranked::connector);
    }
}
