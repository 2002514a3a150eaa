package org.switchboard.api.crm;

import java.util.List;
import java.util.Optional;

/**
 * The CRM connectors present now, and the one place that decides which of them answers the
 * agent (provided by core): the highest {@code service.ranking}, then the oldest service.
 * Call logs go to every connector through the outbox; lookups, items and the directory go to the
 * preferred one, whose ids the calls then carry.
 */
@org.osgi.annotation.versioning.ProviderType
public interface CrmConnectors {

    Optional<CrmConnector> preferred();

    Optional<CrmConnector> named(String name);

    /** Every connector present, preferred first. */
    List<CrmConnector> all();
}
