package org.switchboard.testing.salesforce;

/** Phone numbers compared on their digits, the leading country code 1 optional on either side. */
final class PhoneDigits {
    private PhoneDigits() {
    }

    static String of(String phone) {
        return phone.replaceAll("\\D", "");
    }

    static boolean matches(String termDigits, boolean prefix, String stored) {
        if (stored == null) {
            return false;
        }
        String digits = of(stored);
        if (digits.isEmpty()) {
            return false;
        }
        String term = strip1(termDigits);
        String candidate = strip1(digits);
        return prefix ? candidate.startsWith(term) : candidate.equals(term);
    }

    private static String strip1(String digits) {
        return digits.length() == 11 && digits.charAt(0) == '1' ? digits.substring(1) : digits;
    }
}
