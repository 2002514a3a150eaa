package org.switchboard.testing.salesforce;

import java.util.Optional;

/**
 * Salesforce record ids: a 3-character key prefix naming the kind, 12 more characters (15 in all, case-sensitive),
 * and a 3-character suffix that encodes the case of the first 15 so the 18-character form survives
 * case-insensitive systems. The emulator issues 18-character ids and accepts either form.
 */
final class SalesforceIds {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceIds() {
    }

    /** An 18-character id: prefix, pod "5g", a reserved "0", then the sequence number in base 62. */
    static String make(String prefix, long sequence) {
        StringBuilder number = new StringBuilder();
        long n = sequence;
        for (int i = 0; i < 9; i++) {
            number.append(BASE62.charAt((int) (n % 62)));
            n /= 62;
        }
        return withSuffix(prefix + "5g0" + number.reverse());
    }

    /** The 18-character form of a well-formed 15- or 18-character id; empty when the text is not an id. */
    static Optional<String> normalize(String text) {
        if (text == null || !text.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
            return Optional.empty();
        }
        if (text.length() == 15) {
            return Optional.of(withSuffix(text));
        }
        if (text.length() == 18 && withSuffix(text.substring(0, 15)).equals(text)) {
            return Optional.of(text);
        }
        return Optional.empty();
    }

    static String prefix(String id) {
        return id.substring(0, 3);
    }

    static String to15(String id18) {
        return id18.substring(0, 15);
    }

    private static String withSuffix(String id15) {
        StringBuilder id = new StringBuilder(id15);
        for (int chunk = 0; chunk < 3; chunk++) {
            int flags = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    flags |= 1 << i;
                }
            }
            id.append(SUFFIX_CHARS.charAt(flags));
        }
        return id.toString();
    }
}
