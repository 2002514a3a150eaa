package org.switchboard.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.calllog.OutboxStatus;
import org.switchboard.api.event.Topics;
import org.switchboard.api.health.Health;

/**
 * Watches how far CRM delivery is behind: too many pending deliveries (one per call log per CRM),
 * or one waiting too long,
 * raises the alarm once (a warning, an event, health DOWN) and lowers it once delivery caught up.
 */
final class OutboxBacklog {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxBacklog.class);

    /** What the last check saw. */
    record Level(long pending, long parked, Duration oldest, boolean alarm) {}

    private final Outbox outbox;
    private final Clock clock;
    private final long alarmPending;
    private final Duration alarmAge;
    private final BiConsumer<String, Map<String, ?>> events;
    private volatile Level level = new Level(0, 0, Duration.ZERO, false);

    OutboxBacklog(Outbox outbox, Clock clock, long alarmPending, Duration alarmAge,
            BiConsumer<String, Map<String, ?>> events) {
        this.outbox = outbox;
        this.clock = clock;
        this.alarmPending = alarmPending;
        this.alarmAge = alarmAge;
        this.events = events;
    }

    Level check() {
        long pending = outbox.count(OutboxStatus.PENDING);
        long parked = outbox.count(OutboxStatus.PARKED);
        Instant now = clock.instant();
        Optional<Instant> oldestAt = pending == 0 ? Optional.empty() : outbox.oldestPending();
        Duration oldest = oldestAt.map(at -> Duration.between(at, now)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
        boolean alarm = pending > alarmPending || oldest.compareTo(alarmAge) > 0;
        Level previous = level;
        Level current = new Level(pending, parked, oldest, alarm);
        level = current;
        if (alarm != previous.alarm()) {
            if (alarm) {
                LOG.warn("CRM delivery is behind: {} deliveries pending, the oldest for {} s", pending, oldest.toSeconds());
            } else {
                LOG.info("CRM delivery caught up: {} deliveries pending", pending);
            }
            events.accept(Topics.CRM_OUTBOX_BACKLOG, Map.of("pending", pending, "parked", parked,
                    "oldestSeconds", oldest.toSeconds(), "growing", alarm));
        }
        return current;
    }

    Level level() {
        return level;
    }

    Health health() {
        Level now = level;
        String detail = now.pending() + " pending, " + now.parked() + " parked"
                + (now.pending() > 0 ? ", oldest " + now.oldest().toSeconds() + " s" : "");
        if (now.alarm()) {
            return Health.down("CRM delivery is behind: " + detail);
        }
        // parked logs need an admin, but the node works: UP, with the count where an admin sees it
        return Health.up(now.parked() > 0 ? detail + " (refused by the CRM: see sb:outbox)" : detail);
    }
}
