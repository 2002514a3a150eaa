package org.switchboard.api.number;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A phone number in E.164 form ({@code +} followed by up to 15 digits). Construction validates,
 * so an {@code E164} is always well formed; parsing national formats is the job of the bundle
 * that knows the region (see crm-local).
 */
public record E164(String value) implements Comparable<E164> {
    private static final Pattern FORMAT = Pattern.compile("\\+[1-9][0-9]{1,14}");

    public E164 {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not an E.164 number: " + value);
        }
    }

    public static E164 of(String value) {
        return new E164(value);
    }

    /** True when {@code text} is already in E.164 form. */
    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    @Override
    public int compareTo(E164 other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
