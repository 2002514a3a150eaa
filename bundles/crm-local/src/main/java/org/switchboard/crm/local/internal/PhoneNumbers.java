package org.switchboard.crm.local.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;
import org.switchboard.api.number.E164;

/**
 * Turns what people type ("(555) 123-0001", "+1 555 123 0001") into E.164, reading numbers
 * without a country code as numbers of the default region.
 *
 * <p>"Possible" (right length for the country) is the bar, not "valid": libphonenumber calls the
 * fictional 555 numbers of the demo data and of tests invalid, and a CRM must accept them.
 */
final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String region;

    PhoneNumbers(String region) {
        String upper = region == null ? "" : region.trim().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(upper)) {
            throw new IllegalArgumentException("unknown phone region: " + region);
        }
        this.region = upper;
    }

    String region() {
        return region;
    }

    /** The number in E.164 form; {@link IllegalArgumentException} when it is not a phone number. */
    E164 toE164(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a phone number: " + text));
    }

    Optional<E164> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = UTIL.parse(text, region);
            if (!UTIL.isPossibleNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(E164.of(UTIL.format(number, PhoneNumberFormat.E164)));
        } catch (NumberParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
