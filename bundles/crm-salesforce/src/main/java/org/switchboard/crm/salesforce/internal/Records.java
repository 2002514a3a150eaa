package org.switchboard.crm.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.crm.CrmItem;
import org.switchboard.api.crm.CrmObject;
import org.switchboard.api.crm.Relation;
import org.switchboard.api.number.E164;

/** Salesforce records (as SOQL and SOSL return them) as the SPI's values. */
final class Records {
    static final String CONTACT_FIELDS = "Id, Name, Phone, MobilePhone, Email, Title, Account.Name";
    static final String LEAD_FIELDS = "Id, Name, Phone, MobilePhone, Email, Title, Company";
    static final String ACCOUNT_FIELDS = "Id, Name, Phone";
    static final String USER_FIELDS = "Id, Name, Phone, MobilePhone, Email, Title";

    private Records() {}

    /** SOQL {@code records} or SOSL {@code searchRecords}; records of other kinds are skipped. */
    static List<CrmContact> contacts(JsonNode answer, Optional<E164> matchedOn) {
        JsonNode records = answer.has("searchRecords") ? answer.get("searchRecords") : answer.path("records");
        List<CrmContact> contacts = new ArrayList<>();
        for (JsonNode record : records) {
            contact(record, matchedOn).ifPresent(contacts::add);
        }
        return contacts;
    }

    static Optional<CrmContact> contact(JsonNode record, Optional<E164> matchedOn) {
        Optional<String> id = Json.text(record, "Id").filter(SalesforceIds::isId);
        Optional<CrmObject> kind = Json.text(record.path("attributes"), "type").flatMap(Records::kindNamed)
                .or(() -> id.flatMap(SalesforceIds::kindOf));
        if (id.isEmpty() || kind.isEmpty() || !isPersonOrCompany(kind.get())) {
            return Optional.empty();
        }
        Set<E164> phones = new LinkedHashSet<>();
        PhoneText.toE164(Json.text(record, "Phone").orElse(null), matchedOn).ifPresent(phones::add);
        PhoneText.toE164(Json.text(record, "MobilePhone").orElse(null), matchedOn).ifPresent(phones::add);
        Optional<String> account = switch (kind.get()) {
            case CONTACT -> Json.text(record.path("Account"), "Name");
            case LEAD -> Json.text(record, "Company");
            default -> Optional.empty();
        };
        return Optional.of(new CrmContact(kind.get(), id.get(), Json.text(record, "Name").orElse(id.get()), account,
                List.copyOf(phones), Json.text(record, "Email"), Json.text(record, "Title")));
    }

    static List<CrmItem> items(JsonNode answer, Relation relation, String contactId) {
        List<CrmItem> items = new ArrayList<>();
        for (JsonNode record : answer.path("records")) {
            Optional<String> id = Json.text(record, "Id").filter(SalesforceIds::isId);
            if (id.isEmpty()) {
                continue;
            }
            String subject = relation == Relation.CASE ? Json.text(record, "Subject").orElse("(no subject)")
                    : Json.text(record, "Name").orElse("(no name)");
            String status = relation == Relation.CASE ? Json.text(record, "Status").orElse("")
                    : Json.text(record, "StageName").orElse("");
            items.add(new CrmItem(id.get(), relation, subject, status, Json.text(record, "ContactId").orElse(contactId)));
        }
        return items;
    }

    private static boolean isPersonOrCompany(CrmObject kind) {
        return kind == CrmObject.CONTACT || kind == CrmObject.LEAD || kind == CrmObject.ACCOUNT || kind == CrmObject.USER;
    }

    private static Optional<CrmObject> kindNamed(String apiName) {
        for (CrmObject kind : CrmObject.values()) {
            if (kind.apiName().equals(apiName)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
