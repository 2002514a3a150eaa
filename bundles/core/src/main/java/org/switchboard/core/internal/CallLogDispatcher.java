package org.switchboard.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.CallLogRepository;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.calllog.OutboxEntry;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.crm.CrmRef;

/**
 * Delivers the outbox to the preferred CRM connector. Nothing is ever dropped: without a
 * connector entries wait, and a failed delivery is retried with exponential backoff.
 */
@Component(service = {}, configurationPid = CallLogDispatcher.PID)
@Designate(ocd = CallLogDispatcher.Config.class)
public final class CallLogDispatcher {
    static final String PID = "org.switchboard.core.outbox";
    static final int BATCH = 50;
    /** How long one tick may keep delivering a backlog before it lets the ticker breathe. */
    static final Duration DRAIN_TIME = Duration.ofSeconds(1);
    private static final int MAX_ERROR_LENGTH = 500;

    @ObjectClassDefinition(name = "Switchboard outbox", description = "Delivery of call logs to the CRM")
    public @interface Config {
        @AttributeDefinition(description = "How often due call logs are delivered, in milliseconds")
        long pollMillis() default 1000;

        @AttributeDefinition(description = "Longest wait between two delivery attempts of one call log, in seconds")
        int maxBackoffSeconds() default 300;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CallLogDispatcher.class);

    private final Outbox outbox;
    private final CallLogRepository callLogs;
    private final CallLogRecorder recorder;
    private final Clock clock;
    private final Duration maxBackoff;
    private final CrmConnectors connectors = new CrmConnectors();
    private final ScheduledExecutorService ticker;

    @Activate
    public CallLogDispatcher(
            @Reference(name = "outbox") Outbox outbox,
            @Reference(name = "callLogRepository") CallLogRepository callLogs,
            @Reference(name = "callLogRecorder") CallLogRecorder recorder,
            Config config) {
        this(outbox, callLogs, recorder, config, Clock.systemUTC());
        long every = Math.max(10, config.pollMillis());
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** Without a ticker: tests call {@link #deliverDue()} themselves. */
    CallLogDispatcher(Outbox outbox, CallLogRepository callLogs, CallLogRecorder recorder, Config config, Clock clock) {
        this.outbox = outbox;
        this.callLogs = callLogs;
        this.recorder = recorder;
        this.clock = clock;
        this.maxBackoff = Duration.ofSeconds(Math.max(1, config.maxBackoffSeconds()));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "switchboard-outbox"));
    }

    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCrmConnector(CrmConnector connector, Map<String, Object> properties) {
        connectors.add(connector, properties);
    }

    void removeCrmConnector(CrmConnector connector) {
        connectors.remove(connector);
    }

    void tick() {
        try {
            recorder.flush();
            drain();
        } catch (RuntimeException e) {
            // the ticker must survive anything, or the outbox would silently stop
            LOG.warn("Outbox delivery round failed: {}", e.toString());
        }
    }

    /**
     * Delivers batch after batch while whole batches go through, for at most {@link #DRAIN_TIME}:
     * one batch per tick would cap delivery at 50 logs a second, and a backlog makes every due query
     * slower. Returns how many were delivered.
     */
    int drain() {
        long deadline = System.nanoTime() + DRAIN_TIME.toNanos();
        int total = 0;
        int delivered;
        do {
            delivered = deliverDue();
            total += delivered;
        } while (delivered == BATCH && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted());
        return total;
    }

    /** One delivery round: due entries to the preferred connector. Returns how many were delivered. */
    int deliverDue() {
        Optional<CrmConnector> connector = connectors.preferred();
        if (connector.isEmpty()) {
            return 0; // entries wait in the outbox until a connector appears
        }
        Instant now = clock.instant();
        List<OutboxEntry> due = outbox.due(now, BATCH);
        int delivered = 0;
        int failed = 0;
        String lastError = "";
        for (OutboxEntry entry : due) {
            try {
                CallLog log = callLogs.find(entry.callLogId())
                        .orElseThrow(() -> new IllegalStateException("call log " + entry.callLogId() + " not found"));
                CrmRef ref = connector.get().logCall(log);
                outbox.markDelivered(entry.id(), ref.toString(), now);
                delivered++;
            } catch (RuntimeException e) {
                lastError = shortMessage(e);
                failed++;
                markFailed(entry, lastError, now);
            }
        }
        if (delivered > 0) {
            LOG.debug("Delivered {} call logs to CRM {}", delivered, connector.get().name());
        }
        if (failed > 0) {
            LOG.warn("{} call logs not delivered to CRM {}, will retry: {}", failed, connector.get().name(), lastError);
        }
        return delivered;
    }

    /** 1 s, 2 s, 4 s … after each failure, never more than {@code maxBackoffSeconds}. */
    Duration backoff(int failedAttempts) {
        if (failedAttempts >= 31) {
            return maxBackoff;
        }
        Duration wait = Duration.ofSeconds(1L << Math.max(0, failedAttempts));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private void markFailed(OutboxEntry entry, String error, Instant now) {
        try {
            outbox.markFailed(entry.id(), error, now.plus(backoff(entry.attempts())));
        } catch (RuntimeException e) {
            // the entry stays due and is simply tried again next round
            LOG.warn("call={} outbox entry could not be marked failed: {}", entry.callLogId(), e.toString());
        }
    }

    private static String shortMessage(RuntimeException e) {
        String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
    }
}
