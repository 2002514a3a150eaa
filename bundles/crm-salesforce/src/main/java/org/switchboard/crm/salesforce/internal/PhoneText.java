package org.switchboard.crm.salesforce.internal;

import java.util.Optional;
import org.switchboard.api.number.E164;

/**
 * Salesforce keeps phone numbers as typed ({@code (555) 123-0001}, {@code +1 555 123 0001}).
 * Without a region we can only be sure of international forms; a national form is taken as the
 * number it was matched on when its digits end that number's digits.
 */
final class PhoneText {
    /** Fewer digits than this can end almost any number: never taken as a match. */
    private static final int MIN_NATIONAL_DIGITS = 7;

    private PhoneText() {}

    static Optional<E164> toE164(String typed, Optional<E164> matchedOn) {
        if (typed == null || typed.isBlank()) {
            return Optional.empty();
        }
        String stripped = typed.strip();
        String digits = stripped.replaceAll("[^0-9]", "");
        if (stripped.startsWith("+") && E164.isValid("+" + digits)) {
            return Optional.of(E164.of("+" + digits));
        }
        if (stripped.startsWith("00") && E164.isValid("+" + digits.substring(2))) {
            return Optional.of(E164.of("+" + digits.substring(2)));
        }
        if (digits.length() >= MIN_NATIONAL_DIGITS && matchedOn.isPresent() && matchedOn.get().value().endsWith(digits)) {
            return matchedOn;
        }
        return Optional.empty();
    }
}
