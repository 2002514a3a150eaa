package org.switchboard.api.crm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.switchboard.api.number.E164;

/**
 * A person in the CRM.
 *
 * @param id the CRM's own id
 * @param account the company the contact belongs to, when known
 */
public record CrmContact(
        String id, String name, Optional<String> account, List<E164> phones, Optional<String> email, Optional<String> title) {
    public CrmContact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
        phones = List.copyOf(phones);
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(title, "title");
    }
}
