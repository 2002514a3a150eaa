package org.switchboard.core.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.crm.CrmConnectors;

/**
 * The CRM connectors present now, and the one rule for which answers the agents: the highest
 * {@code service.ranking}, then the oldest service (OSGi's own order), so core, REST and the
 * console never disagree.
 */
@Component(service = CrmConnectors.class, immediate = true)
public final class CrmConnectorRegistry implements CrmConnectors {
    private record Ranked(CrmConnector connector, int ranking, long serviceId) {}

    private static final Comparator<Ranked> PREFERRED = Comparator.comparingInt(Ranked::ranking).reversed()
            .thenComparingLong(Ranked::serviceId);

    private final Map<CrmConnector, Ranked> present = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addCrmConnector(CrmConnector connector, Map<String, ?> properties) {
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        long serviceId = properties.get(Constants.SERVICE_ID) instanceof Long id ? id : Long.MAX_VALUE;
        present.put(connector, new Ranked(connector, ranking, serviceId));
    }

    public void removeCrmConnector(CrmConnector connector) {
        present.remove(connector);
    }

    @Override
    public Optional<CrmConnector> preferred() {
        return present.values().stream().min(PREFERRED).map(Ranked::connector);
    }

    @Override
    public Optional<CrmConnector> named(String name) {
        return present.keySet().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    @Override
    public List<CrmConnector> all() {
        return present.values().stream().sorted(PREFERRED).map(Ranked::connector).toList();
    }
}
