package org.switchboard.api.crm;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.number.E164;

/**
 * A connected CRM: one service per CRM (local, Salesforce, …). Every method may throw
 * {@link CrmUnavailableException} during an outage; call logs are then kept in the outbox and
 * delivered later. Connectors come and go at runtime, so callers must cope with none.
 */
public interface CrmConnector {

    /** Short stable name, e.g. {@code local} or {@code salesforce}. */
    String name();

    /** Contacts with this phone number on any phone field; several when a number is shared. */
    List<CrmContact> findByPhone(E164 number);

    Optional<CrmContact> contactDetails(String contactId);

    /** The contact's open cases or opportunities. */
    List<CrmItem> openItems(String contactId, Relation relation);

    CrmItem createItem(NewCrmItem item);

    /**
     * Creates or updates the activity for this call. Idempotent on {@link CallLog#id()}: logging
     * the same call twice updates one activity.
     */
    CrmRef logCall(CallLog log);

    /** Contacts whose name, account or phone matches {@code query}, for the dialer's directory. */
    List<CrmContact> searchDirectory(String query, int limit);

    /** Where to open the record in the CRM's own UI (screen pop), if it has one. */
    Optional<URI> recordUrl(CrmRef ref);
}
