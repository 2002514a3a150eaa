package org.switchboard.api.calllog;

/** An outbox entry waits until a connector accepts it; nothing is ever dropped. */
public enum OutboxStatus {
    PENDING,
    DELIVERED
}
