package org.switchboard.store.internal;

/** One-line descriptions of failures for logs and health details (no stack traces). */
final class Failures {
    private static final int MAX_LENGTH = 200;

    private Failures() {}

    static String brief(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            message = failure.getClass().getSimpleName();
        }
        String firstLine = message.strip().lines().findFirst().orElse("").strip();
        return firstLine.length() <= MAX_LENGTH ? firstLine : firstLine.substring(0, MAX_LENGTH - 1) + "…";
    }
}
