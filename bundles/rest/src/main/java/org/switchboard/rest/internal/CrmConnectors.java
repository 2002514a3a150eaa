package org.switchboard.rest.internal;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.api.crm.CrmConnector;

/** The CRM connectors present right now; the highest service ranking answers. */
public class CrmConnectors {
    private record Ranked(CrmConnector connector, int ranking) {}

    private final Map<CrmConnector, Ranked> present = new ConcurrentHashMap<>();

    public void add(CrmConnector connector, int ranking) {
        present.put(connector, new Ranked(connector, ranking));
    }

    public void remove(CrmConnector connector) {
        present.remove(connector);
    }

    public Optional<CrmConnector> current() {
        return present.values().stream()
                .max(Comparator.comparingInt(Ranked::ranking))
                .map(Ranked::connector);
    }
}
