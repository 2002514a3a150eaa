package org.switchboard.sip.internal;

import java.util.OptionalInt;

/**
 * How long a binding lasts (RFC 3261 §10.2.1.1, §10.3 step 7): the contact's {@code expires}
 * parameter wins over the Expires header; without either the registrar chooses; below the minimum
 * is refused (423), above the maximum is capped.
 */
record ExpiryPolicy(int minExpires, int maxExpires) {
    /** What we grant when the client asks for nothing in particular. */
    static final int DEFAULT_EXPIRES = 3600;

    ExpiryPolicy {
        if (minExpires < 1 || maxExpires < minExpires) {
            throw new IllegalArgumentException("need 1 <= minExpires <= maxExpires, got " + minExpires + " and "
                    + maxExpires);
        }
    }

    sealed interface Decision {}

    /** Seconds granted; 0 removes the binding. */
    record Granted(int seconds) implements Decision {}

    record TooBrief() implements Decision {}

    Decision decide(OptionalInt contactExpires, OptionalInt headerExpires) {
        int requested = contactExpires.isPresent() ? contactExpires.getAsInt()
                : headerExpires.orElse(Math.min(DEFAULT_EXPIRES, maxExpires));
        if (requested == 0) {
            return new Granted(0);
        }
        if (requested < minExpires) {
            return new TooBrief();
        }
        return new Granted(Math.min(requested, maxExpires));
    }
}
