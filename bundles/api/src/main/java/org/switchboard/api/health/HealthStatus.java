package org.switchboard.api.health;

public enum HealthStatus {
    UP,
    DOWN
}
