package org.switchboard.crm.local.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A contact to store; phone numbers may be in any format the default region understands. */
record NewContact(
        String id,
        Optional<String> accountId,
        String firstName,
        String lastName,
        Optional<String> email,
        Optional<String> title,
        List<Phone> phones) {

    /** @param kind e.g. {@code MOBILE} or {@code WORK} */
    record Phone(String number, String kind) {
        Phone {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(kind, "kind");
        }
    }

    NewContact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(title, "title");
        phones = List.copyOf(phones);
        if (firstName.isBlank() && lastName.isBlank()) {
            throw new IllegalArgumentException("a contact needs a name");
        }
    }
}
