package org.switchboard.core.internal;

import java.util.Optional;
import java.util.regex.Pattern;
import org.switchboard.api.number.E164;

/** What a dialed string looks like once the punctuation people type is removed. */
record DialedNumber(String digits) {
    private static final Pattern PUNCTUATION = Pattern.compile("[\\s\\-.()]");
    private static final Pattern ONLY_DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern EXTENSION = Pattern.compile("[0-9]{2,8}");
    /** Shorter "numbers" are short codes, not something a trunk can dial. */
    private static final int MIN_E164_DIGITS = 7;
    private static final int NATIONAL_DIGITS = 10;

    static DialedNumber of(String dialed) {
        return new DialedNumber(PUNCTUATION.matcher(dialed == null ? "" : dialed).replaceAll(""));
    }

    boolean isEmpty() {
        return digits.isEmpty();
    }

    boolean looksLikeExtension() {
        return EXTENSION.matcher(digits).matches();
    }

    /**
     * The E.164 form: {@code +…} as is, {@code 00…} as international, ten digits as a national
     * number of the default country (NANP), and the country code plus ten digits.
     */
    Optional<E164> toE164(String countryCode) {
        String candidate;
        if (digits.startsWith("+")) {
            candidate = digits;
        } else if (!ONLY_DIGITS.matcher(digits).matches()) {
            return Optional.empty();
        } else if (digits.startsWith("00")) {
            candidate = "+" + digits.substring(2);
        } else if (digits.length() == NATIONAL_DIGITS) {
            candidate = "+" + countryCode + digits;
        } else if (digits.length() == countryCode.length() + NATIONAL_DIGITS && digits.startsWith(countryCode)) {
            candidate = "+" + digits;
        } else {
            return Optional.empty();
        }
        return E164.isValid(candidate) && candidate.length() - 1 >= MIN_E164_DIGITS
                ? Optional.of(E164.of(candidate))
                : Optional.empty();
    }
}
