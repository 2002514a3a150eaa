package org.switchboard.rest.internal.view;

import java.util.List;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.number.E164;

/** A CRM contact, lead or account; {@code crm} names the connector it came from, {@code url} where it opens. */
public record ContactView(
        String id, String crm, String kind, String name, String account, List<String> phones, String email, String title, String url) {

    public static ContactView of(String crm, CrmContact contact, String url) {
        return new ContactView(
                contact.id(),
                crm,
                contact.kind().name(),
                contact.name(),
                contact.account().orElse(null),
                contact.phones().stream().map(E164::value).toList(),
                contact.email().orElse(null),
                contact.title().orElse(null),
                url);
    }
}
