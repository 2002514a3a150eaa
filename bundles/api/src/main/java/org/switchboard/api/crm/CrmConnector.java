package org.switchboard.api.crm;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.number.E164;

/**
 * A connected CRM: one service per CRM (local, Salesforce, …), registered with a
 * {@code service.ranking} (the highest answers the agents, see {@link CrmConnectors}).
 * Connectors come and go at runtime, so callers must cope with none.
 *
 * <p>Errors: {@link CrmUnavailableException} means try again later (the outbox backs off, at
 * least its retry-after); {@link CrmRejectedException} means never (the outbox parks the log with
 * the CRM's message); {@link CrmNotLinkedException} means the agent must connect their CRM user
 * first. Ids of the wrong kind are refused with {@link IllegalArgumentException} before any request.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface CrmConnector {

    /** Short stable name, e.g. {@code local} or {@code salesforce}; the outbox keys deliveries on it. */
    String name();

    /** Whether the agent is linked to their CRM user (always, for a CRM that needs no link). */
    CrmLink link(CrmAgent agent);

    /**
     * Where to send the agent's browser to link their CRM user (an OAuth authorization URL), empty
     * for a CRM that needs no link. The connector finishes the link on its own callback.
     */
    Optional<URI> beginLink(CrmAgent agent);

    /**
     * Contacts, leads and accounts with this number on any phone field; several when a number is
     * shared. A number the CRM cannot match matches nothing.
     */
    List<CrmContact> findByPhone(CrmAgent agent, E164 number);

    Optional<CrmContact> contactDetails(CrmAgent agent, String contactId);

    /** The contact's open cases or opportunities. */
    List<CrmItem> openItems(CrmAgent agent, String contactId, Relation relation);

    CrmItem createItem(CrmAgent agent, NewCrmItem item);

    /**
     * Creates the activity for this call (a Salesforce Task), or amends the one delivered before
     * ({@code delivered}, e.g. when notes or a recording link arrive later). Idempotent on
     * {@link CallLog#id()} even without {@code delivered}: a connector that crashed after creating
     * the activity finds it again instead of creating a second one.
     */
    CrmRef logCall(CallLog log, Optional<CrmRef> delivered);

    /**
     * Contacts and CRM users whose name, account or phone matches {@code query}, for the dialer's
     * directory and transfer targets; users have kind {@link CrmObject#USER}.
     */
    List<CrmContact> searchDirectory(CrmAgent agent, String query, int limit);

    /** Where to open the record in the CRM's own UI (screen pop), if it has one. */
    Optional<URI> recordUrl(CrmRef ref);
}
