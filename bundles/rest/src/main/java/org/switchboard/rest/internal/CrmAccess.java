package org.switchboard.rest.internal;

import java.util.Optional;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.crm.CrmAgent;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.crm.CrmConnectors;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.crm.CrmRef;
import org.switchboard.rest.internal.error.ApiException;

/** The CRM as the API's resources use it: core's choice of connector, asked on an agent's behalf. */
public final class CrmAccess {
    private final CrmConnectors connectors;

    public CrmAccess(CrmConnectors connectors) {
        this.connectors = connectors;
    }

    /** The connector that answers agents; 503 {@code crm_unavailable} when none is running. */
    public CrmConnector connector() {
        return connectors.preferred().orElseThrow(() -> ApiException.crmUnavailable("no CRM connector is running"));
    }

    public Optional<CrmConnector> preferred() {
        return connectors.preferred();
    }

    public Optional<CrmConnector> named(String name) {
        return connectors.named(name);
    }

    public static CrmAgent agent(Agent agent) {
        return new CrmAgent(agent.id(), agent.username(), agent.displayName());
    }

    /** Where a record of the preferred connector opens, or null. */
    public String url(CrmContact contact) {
        return connectors.preferred().flatMap(c -> url(c, new CrmRef(c.name(), contact.kind().apiName(), contact.id())))
                .orElse(null);
    }

    public static Optional<String> url(CrmConnector connector, CrmRef ref) {
        try {
            return connector.recordUrl(ref).map(Object::toString);
        } catch (RuntimeException e) {
            return Optional.empty(); // a link is a convenience: never fail a call view for it
        }
    }
}
