package org.switchboard.api.crm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.switchboard.api.number.E164;

/**
 * A person or company in the CRM that a phone number can belong to: a contact, a lead, an
 * account, or (in the directory) one of the CRM's users.
 *
 * @param kind {@link CrmObject#CONTACT}, {@link CrmObject#LEAD}, {@link CrmObject#ACCOUNT} or
 *     {@link CrmObject#USER}
 * @param id the CRM's own id
 * @param account the company the contact belongs to, when known
 */
public record CrmContact(
        CrmObject kind,
        String id,
        String name,
        Optional<String> account,
        List<E164> phones,
        Optional<String> email,
        Optional<String> title) {
    public CrmContact {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
        phones = List.copyOf(phones);
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(title, "title");
        if (kind == CrmObject.CASE || kind == CrmObject.OPPORTUNITY || kind == CrmObject.TASK) {
            throw new IllegalArgumentException(kind + " is not a person or company");
        }
    }
}
