package org.switchboard.api.health;

import java.util.Objects;

/** One component's health with a short human-readable detail (never a stack trace). */
public record Health(HealthStatus status, String detail) {
    public Health {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static Health up(String detail) {
        return new Health(HealthStatus.UP, detail);
    }

    public static Health down(String detail) {
        return new Health(HealthStatus.DOWN, detail);
    }
}
