package org.switchboard.api.crm;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether an agent is linked to their own user in a CRM.
 *
 * @param required whether the connector needs a link at all (the local CRM does not)
 * @param linked whether the agent is linked now
 * @param crmUserId the agent's user id in the CRM, once linked
 * @param crmUserName how the CRM names that user, once linked
 */
public record CrmLink(boolean required, boolean linked, Optional<String> crmUserId, Optional<String> crmUserName) {
    public CrmLink {
        Objects.requireNonNull(crmUserId, "crmUserId");
        Objects.requireNonNull(crmUserName, "crmUserName");
    }

    /** For a CRM whose users are Switchboard's agents. */
    public static CrmLink notRequired() {
        return new CrmLink(false, true, Optional.empty(), Optional.empty());
    }

    public static CrmLink notLinked() {
        return new CrmLink(true, false, Optional.empty(), Optional.empty());
    }

    public static CrmLink linked(String crmUserId, String crmUserName) {
        return new CrmLink(true, true, Optional.of(crmUserId), Optional.of(crmUserName));
    }
}
