package org.switchboard.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
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
import org.switchboard.api.crm.CrmConnectors;
import org.switchboard.api.crm.CrmRef;
import org.switchboard.api.crm.CrmRejectedException;
import org.switchboard.api.crm.CrmUnavailableException;

/**
 * Delivers the outbox to every CRM connector, each its own deliveries on a lane of its own (its
 * own loop and workers), so a slow or hanging CRM never holds up another. Nothing is ever dropped:
 * a connector that is away keeps its subscription and its logs wait for it; a failed delivery is
 * retried with exponential backoff (never sooner than the CRM's retry-after); a log the CRM refuses
 * for good is parked with the CRM's message for an admin ({@code sb:outbox}). A lane wakes as soon
 * as core stored a log (else every {@code pollMillis}) and delivers batch after batch while whole
 * batches go through; the entries of a batch go out in parallel: a CRM answers one request in tens
 * to hundreds of milliseconds, so one at a time would cap a remote CRM at a few logs a second.
 */
@Component(service = CallLogDispatcher.class, configurationPid = CallLogDispatcher.PID, immediate = true)
@Designate(ocd = CallLogDispatcher.Config.class)
public final class CallLogDispatcher {
    static final String PID = "org.switchboard.core.outbox";
    static final int BATCH = 50;
    /**
     * How long a woken lane waits for more stored logs before it looks for due ones: each round
     * costs a query and a commit, so at a few hundred calls a second rounds of one log each would
     * cost more than the deliveries; 100 ms is little next to a CRM's own latency and the 2 s target.
     */
    static final Duration GATHER = Duration.ofMillis(100);
    private static final int MAX_ERROR_LENGTH = 500;

    @ObjectClassDefinition(name = "Switchboard outbox", description = "Delivery of call logs to the CRM")
    public @interface Config {
        @AttributeDefinition(description = "How often due call logs are looked for when nothing wakes delivery, in milliseconds")
        long pollMillis() default 1000;

        @AttributeDefinition(description = "Longest wait between two delivery attempts of one call log, in seconds")
        int maxBackoffSeconds() default 300;

        @AttributeDefinition(description = "Deliveries to one CRM that run at the same time")
        int parallelDeliveries() default 8;

        @AttributeDefinition(description = "Pending deliveries above which the backlog alarm is raised")
        int backlogAlarm() default 100;

        @AttributeDefinition(description = "Age in seconds of the oldest pending delivery above which the backlog alarm is raised")
        int backlogAlarmSeconds() default 120;

        @AttributeDefinition(description = "Hold every delivery (a CRM maintenance window): logs wait in the outbox")
        boolean paused() default false;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CallLogDispatcher.class);

    private final Outbox outbox;
    private final CallLogRepository callLogs;
    private final CallLogRecorder recorder;
    private final CrmConnectors connectors;
    private final Clock clock;
    private final Duration maxBackoff;
    private final Duration poll;
    private final int parallel;
    private final EventSink events;
    private final OutboxBacklog backlog;
    private final ScheduledExecutorService ticker;
    /** Lanes by connector name; started only by the ticker (tests deliver on the calling thread). */
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    /** Connectors subscribed since this dispatcher started (subscribing is idempotent, this saves the query). */
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    @Activate
    public CallLogDispatcher(
            @Reference(name = "outbox") Outbox outbox,
            @Reference(name = "callLogRepository") CallLogRepository callLogs,
            @Reference(name = "callLogRecorder") CallLogRecorder recorder,
            @Reference(name = "crmConnectors") CrmConnectors connectors,
            Config config) {
        this(outbox, callLogs, recorder, connectors, config, Clock.systemUTC(), EventSink.immediate());
        if (config.paused()) {
            LOG.info("CRM delivery is paused (paused = true in etc/{}.cfg): call logs wait in the outbox", PID);
        } else {
            running = true;
            recorder.onStored(this::wakeAll);
        }
        ticker.scheduleWithFixedDelay(this::tick, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Without a ticker or lanes of their own: tests call {@link #deliverDue()} and {@link #tick()} themselves. */
    CallLogDispatcher(Outbox outbox, CallLogRepository callLogs, CallLogRecorder recorder, CrmConnectors connectors,
            Config config, Clock clock, EventSink events) {
        this.outbox = outbox;
        this.callLogs = callLogs;
        this.recorder = recorder;
        this.connectors = connectors;
        this.clock = clock;
        this.maxBackoff = Duration.ofSeconds(Math.max(1, config.maxBackoffSeconds()));
        this.poll = Duration.ofMillis(Math.max(10, config.pollMillis()));
        this.parallel = Math.max(1, config.parallelDeliveries());
        this.events = events;
        this.backlog = new OutboxBacklog(outbox, clock, config.backlogAlarm(),
                Duration.ofSeconds(Math.max(1, config.backlogAlarmSeconds())), events::post);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "switchboard-outbox"));
    }

    @Deactivate
    void deactivate() {
        running = false;
        recorder.onStored(() -> {});
        ticker.shutdownNow();
        lanes.values().forEach(Lane::stop);
        lanes.clear();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin eventAdmin) {
        events.bind(eventAdmin);
    }

    void unsetEventAdmin(EventAdmin eventAdmin) {
        events.unbind(eventAdmin);
    }

    OutboxBacklog backlog() {
        return backlog;
    }

    /**
     * Every {@code pollMillis}: stores logs kept during a store outage, gives each present connector
     * a running lane (and stops the lanes of connectors that left), and checks the backlog.
     */
    void tick() {
        try {
            recorder.flush();
            if (running) {
                startAndStopLanes();
            }
            backlog.check();
        } catch (RuntimeException e) {
            // the ticker must survive anything, or the outbox would silently stop
            LOG.warn("Outbox round failed: {}", e.toString());
        }
    }

    private void startAndStopLanes() {
        Set<String> present = new HashSet<>();
        for (CrmConnector connector : connectors.all()) {
            present.add(connector.name());
            lanes.computeIfAbsent(connector.name(), Lane::new).start();
        }
        lanes.entrySet().removeIf(lane -> {
            if (present.contains(lane.getKey())) {
                return false;
            }
            lane.getValue().stop();
            return true;
        });
    }

    private void wakeAll() {
        lanes.values().forEach(Lane::wake);
    }

    /** Delivers batch after batch while whole batches go through; returns how many were delivered (tests). */
    int drain() {
        int total = 0;
        boolean more;
        do {
            more = false;
            for (CrmConnector connector : connectors.all()) {
                Batch batch = lane(connector.name()).deliverBatch(connector);
                total += batch.delivered();
                more |= batch.more();
            }
        } while (more);
        return total;
    }

    /** One batch for each present connector, on the calling thread (tests). Returns how many were delivered. */
    int deliverDue() {
        int delivered = 0;
        for (CrmConnector connector : connectors.all()) {
            delivered += lane(connector.name()).deliverBatch(connector).delivered();
        }
        return delivered;
    }

    private Lane lane(String connector) {
        return lanes.computeIfAbsent(connector, Lane::new);
    }

    /** @param more whether a whole batch went through, so more may be waiting */
    private record Batch(int delivered, boolean more) {}

    /** One connector's deliveries: its workers and, once started, its own loop. */
    private final class Lane {
        private final String connector;
        private final ExecutorService workers;
        private final Semaphore wake = new Semaphore(0);
        private Thread loop; // guarded by this
        private volatile boolean stopped;

        Lane(String connector) {
            this.connector = connector;
            AtomicInteger threads = new AtomicInteger();
            this.workers = Executors.newFixedThreadPool(parallel, r -> {
                Thread thread = new Thread(r, "switchboard-outbox-" + connector + "-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }

        synchronized void start() {
            if (loop == null && !stopped) {
                loop = new Thread(this::run, "switchboard-outbox-" + connector);
                loop.setDaemon(true);
                loop.start();
            }
        }

        void wake() {
            wake.release();
        }

        synchronized void stop() {
            stopped = true;
            if (loop != null) {
                loop.interrupt();
            }
            workers.shutdownNow();
        }

        /** Delivers what is due, then sleeps until core stores a log or {@code pollMillis} passed. */
        private void run() {
            while (!stopped) {
                try {
                    Optional<CrmConnector> present = connectors.named(connector);
                    while (present.isPresent() && !stopped && deliverBatch(present.get()).more()) {
                        // a backlog: the next batch at once
                    }
                } catch (RuntimeException e) {
                    // the lane must survive anything (a store outage), or this CRM would silently stop
                    LOG.warn("Outbox delivery to CRM {} failed: {}", connector, e.toString());
                }
                try {
                    if (wake.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS)) {
                        // under load core stores logs every few ms: gather a few before the next round
                        Thread.sleep(GATHER.toMillis());
                    }
                    wake.drainPermits();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        Batch deliverBatch(CrmConnector crm) {
            if (subscribed.add(connector)) {
                subscribe(connector);
            }
            List<OutboxEntry> due = outbox.due(connector, clock.instant(), BATCH);
            int delivered = deliver(crm, due, workers);
            return new Batch(delivered, due.size() == BATCH && delivered > 0);
        }
    }

    private void subscribe(String name) {
        try {
            outbox.subscribe(name);
            LOG.info("CRM connector {} receives call logs", name);
        } catch (RuntimeException e) {
            subscribed.remove(name); // tried again next round
            throw e;
        }
    }

    /**
     * The batch goes out in parallel; the deliveries that went through are marked in one
     * transaction afterwards (one commit per batch, not per log). Should that marking fail, they
     * stay pending and go out again: connectors are idempotent on the call id.
     */
    private int deliver(CrmConnector connector, List<OutboxEntry> due, ExecutorService workers) {
        if (due.isEmpty()) {
            return 0;
        }
        List<Future<Outcome>> outcomes = new ArrayList<>(due.size());
        for (OutboxEntry entry : due) {
            outcomes.add(workers.submit(() -> deliverOne(connector, entry)));
        }
        List<Outbox.Delivered> delivered = new ArrayList<>(due.size());
        int failed = 0;
        String lastError = "";
        for (Future<Outcome> outcome : outcomes) {
            try {
                Outcome result = outcome.get();
                if (result.delivered() != null) {
                    delivered.add(result.delivered());
                } else {
                    failed++;
                    lastError = result.error();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                failed++;
                lastError = e.getCause().toString();
            }
        }
        if (!delivered.isEmpty()) {
            try {
                outbox.markAllDelivered(delivered);
            } catch (RuntimeException e) {
                LOG.warn("{} call logs delivered to CRM {} could not be marked delivered (they go out again): {}",
                        delivered.size(), connector.name(), e.toString());
                return 0;
            }
            LOG.debug("Delivered {} call logs to CRM {}", delivered.size(), connector.name());
        }
        if (failed > 0) {
            LOG.warn("{} call logs not delivered to CRM {}: {}", failed, connector.name(), lastError);
        }
        return delivered.size();
    }

    /** @param delivered what to mark once the batch is done; null when the delivery failed */
    private record Outcome(Outbox.Delivered delivered, String error) {}

    private Outcome deliverOne(CrmConnector connector, OutboxEntry entry) {
        try {
            CallLog log = callLogs.find(entry.callLogId())
                    .orElseThrow(() -> new IllegalStateException("call log " + entry.callLogId() + " not found"));
            CrmRef ref = connector.logCall(log, previousDelivery(entry, connector.name()));
            // when the CRM had it
            return new Outcome(new Outbox.Delivered(entry.id(), entry.revision(), ref.toString(), clock.instant()), "");
        } catch (CrmRejectedException e) {
            String message = shortMessage(e);
            park(entry, message, clock.instant());
            LOG.warn("call={} log parked: CRM {} refused it: {}", entry.callLogId(), connector.name(), message);
            return new Outcome(null, "parked: " + message);
        } catch (CrmUnavailableException e) {
            Duration wait = backoff(entry.attempts());
            if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(wait) > 0) {
                wait = e.retryAfter().get();
            }
            return failed(entry, shortMessage(e), clock.instant().plus(wait));
        } catch (RuntimeException e) {
            return failed(entry, shortMessage(e), clock.instant().plus(backoff(entry.attempts())));
        }
    }

    /** The activity this connector made for the log before, if it was this connector that made it. */
    private static Optional<CrmRef> previousDelivery(OutboxEntry entry, String connector) {
        return entry.crmRef().flatMap(CrmRef::parse).filter(ref -> ref.connector().equals(connector));
    }

    /** 1 s, 2 s, 4 s … after each failure, never more than {@code maxBackoffSeconds}. */
    Duration backoff(int failedAttempts) {
        if (failedAttempts >= 31) {
            return maxBackoff;
        }
        Duration wait = Duration.ofSeconds(1L << Math.max(0, failedAttempts));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private Outcome failed(OutboxEntry entry, String error, Instant nextAttempt) {
        try {
            outbox.markFailed(entry.id(), error, nextAttempt);
        } catch (RuntimeException e) {
            // the entry stays due and is simply tried again next round
            LOG.warn("call={} outbox entry could not be marked failed: {}", entry.callLogId(), e.toString());
        }
        return new Outcome(null, error);
    }

    private void park(OutboxEntry entry, String message, Instant now) {
        try {
            outbox.park(entry.id(), message, now);
        } catch (RuntimeException e) {
            LOG.warn("call={} outbox entry could not be parked: {}", entry.callLogId(), e.toString());
        }
    }

    private static String shortMessage(RuntimeException e) {
        String message = e instanceof CrmRejectedException || e instanceof CrmUnavailableException
                ? String.valueOf(e.getMessage())
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
    }
}
