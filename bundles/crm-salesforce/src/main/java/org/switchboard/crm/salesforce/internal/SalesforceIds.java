package org.switchboard.crm.salesforce.internal;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.switchboard.api.crm.CrmObject;

/** Salesforce record ids: 15 or 18 letters and digits whose first three tell the object. */
final class SalesforceIds {
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}");
    private static final Map<String, CrmObject> PREFIXES = Map.of(
            "003", CrmObject.CONTACT,
            "00Q", CrmObject.LEAD,
            "001", CrmObject.ACCOUNT,
            "500", CrmObject.CASE,
            "006", CrmObject.OPPORTUNITY,
            "005", CrmObject.USER,
            "00T", CrmObject.TASK);

    private SalesforceIds() {}

    /** Whether the text is shaped like a Salesforce id at all (a local CRM's UUID is not). */
    static boolean isId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /** The kind of record, for ids of the kinds Switchboard knows. */
    static Optional<CrmObject> kindOf(String id) {
        return isId(id) ? Optional.ofNullable(PREFIXES.get(id.substring(0, 3))) : Optional.empty();
    }

    static boolean isKind(String id, CrmObject kind) {
        return kindOf(id).filter(kind::equals).isPresent();
    }

    /** Refuses, before any request, an id that is not a Salesforce id of this kind. */
    static String require(String id, CrmObject kind, String field) {
        if (!isKind(id, kind)) {
            throw new IllegalArgumentException(field + " must be a Salesforce " + kind.apiName() + " id, not " + describe(id));
        }
        return id;
    }

    static String describe(String id) {
        if (id == null) {
            return "nothing";
        }
        return id.length() > 40 ? "'" + id.substring(0, 40) + "…'" : "'" + id + "'";
    }
}
