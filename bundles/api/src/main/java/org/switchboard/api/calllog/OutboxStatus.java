package org.switchboard.api.calllog;

/**
 * Where a delivery stands. Nothing is ever dropped: a PENDING entry waits until its connector
 * accepts it, a PARKED one (the CRM refused it for good) waits for an admin to retry or discard it.
 */
public enum OutboxStatus {
    PENDING,
    DELIVERED,
    PARKED,
    /** An admin gave up on a parked entry ({@code sb:outbox discard}); kept for the record. */
    DISCARDED
}
