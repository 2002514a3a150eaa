package org.switchboard.console.internal;

/** How the console writes enum values: {@code WRAP_UP} → {@code wrap-up}. */
final class Labels {
    private Labels() {}

    static String of(Enum<?> value) {
        return value.name().toLowerCase().replace('_', '-');
    }
}
