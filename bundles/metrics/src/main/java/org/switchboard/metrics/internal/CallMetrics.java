package org.switchboard.metrics.internal;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;

/**
 * Counts calls from core's call events (EventAdmin delivers them asynchronously, off the
 * signalling threads): started per direction, answered, ended per end reason, ring time (start to
 * answer, or to the end of a call nobody answered) and talk time (answer to end).
 *
 * <p>A call counts as started when its first event is the caller's RINGING, so calls already up
 * when this bundle starts are not counted twice; their ends are counted (an end is an end).
 */
@Component(service = {CallMetrics.class, EventHandler.class}, immediate = true,
        property = EventConstants.EVENT_TOPIC + "=" + Topics.CALL_ALL)
public final class CallMetrics implements EventHandler {
    /** A call tracked for less than this is kept even when core does not list it yet (events are asynchronous). */
    static final long GRACE_MILLIS = 60_000;
    private static final double[] RING_BUCKETS = {1, 2, 3, 5, 8, 10, 15, 20, 30, 45, 60, 120};
    private static final double[] TALK_BUCKETS = {10, 30, 60, 120, 180, 300, 600, 900, 1800, 3600};
    private static final String UNKNOWN = "UNKNOWN";

    private final Clock clock;
    private final Map<String, TrackedCall> calls = new ConcurrentHashMap<>();

    final Counter started = Counter.builder().name("switchboard_calls_started")
            .help("Calls that started, by direction").labelNames("direction").build();
    final Counter answered = Counter.builder().name("switchboard_calls_answered")
            .help("Calls that were answered (first answer of a call), by direction").labelNames("direction").build();
    final Counter ended = Counter.builder().name("switchboard_calls_ended")
            .help("Calls that ended, by direction and end reason").labelNames("direction", "reason").build();
    final Histogram ringTime = Histogram.builder().name("switchboard_call_ring_seconds")
            .help("From the start of a call to its answer, or to its end when nobody answered")
            .labelNames("direction", "answered").classicOnly().classicUpperBounds(RING_BUCKETS).build();
    final Histogram talkTime = Histogram.builder().name("switchboard_call_talk_seconds")
            .help("From the answer of a call to its end").labelNames("direction")
            .classicOnly().classicUpperBounds(TALK_BUCKETS).build();

    @Activate
    public CallMetrics() {
        this(Clock.systemUTC());
    }

    CallMetrics(Clock clock) {
        this.clock = clock;
        for (CallDirection direction : CallDirection.values()) { // series exist from the start: rate() works at once
            started.initLabelValues(direction.name());
            answered.initLabelValues(direction.name());
            for (EndReason reason : EndReason.values()) {
                ended.initLabelValues(direction.name(), reason.name());
            }
        }
    }

    void registerWith(PrometheusRegistry registry) {
        registry.register(started);
        registry.register(answered);
        registry.register(ended);
        registry.register(ringTime);
        registry.register(talkTime);
    }

    @Override
    public void handleEvent(Event event) {
        if (!(event.getProperty(EventProperties.CALL_ID) instanceof String callId)) {
            return;
        }
        String direction = event.getProperty(EventProperties.DIRECTION) instanceof String d ? d : UNKNOWN;
        long at = event.getProperty(EventProperties.TIMESTAMP) instanceof Long t ? t : clock.millis();
        switch (event.getTopic()) {
            case Topics.CALL_RINGING -> seen(callId, direction, at, "RINGING".equals(event.getProperty(EventProperties.STATE)));
            case Topics.CALL_ANSWERED -> answered(callId, direction, at);
            case Topics.CALL_ENDED -> ended(callId, direction, at, event.getProperty(EventProperties.REASON));
            default -> seen(callId, direction, at, false);
        }
    }

    private TrackedCall seen(String callId, String direction, long at, boolean ringing) {
        TrackedCall[] created = new TrackedCall[1];
        TrackedCall call = calls.compute(callId, (id, known) -> {
            if (known != null) {
                return known.seenAt(at);
            }
            created[0] = new TrackedCall(direction, ringing ? at : -1, -1, at);
            return created[0];
        });
        if (created[0] != null && created[0].startKnown()) {
            started.labelValues(direction).inc();
        }
        return call;
    }

    private void answered(String callId, String direction, long at) {
        boolean[] first = new boolean[1];
        calls.compute(callId, (id, known) -> {
            TrackedCall call = known != null ? known : new TrackedCall(direction, -1, -1, at);
            if (call.answeredAt() >= 0) {
                return call.seenAt(at);
            }
            first[0] = true;
            return call.answered(at);
        });
        if (first[0]) {
            answered.labelValues(direction).inc();
            TrackedCall call = calls.get(callId);
            if (call != null && call.startKnown()) {
                ringTime.labelValues(direction, "true").observe(seconds(at - call.startedAt()));
            }
        }
    }

    private void ended(String callId, String direction, long at, Object reason) {
        TrackedCall call = calls.remove(callId);
        ended.labelValues(direction, reason instanceof String r ? r : UNKNOWN).inc();
        if (call == null) {
            return;
        }
        if (call.answeredAt() >= 0) {
            talkTime.labelValues(direction).observe(seconds(at - call.answeredAt()));
        } else if (call.startKnown()) {
            ringTime.labelValues(direction, "false").observe(seconds(at - call.startedAt()));
        }
    }

    /**
     * Forgets calls whose end event never came (missed while the bundle was being updated): those
     * tracked for longer than {@link #GRACE_MILLIS} that core no longer lists as live.
     */
    void retainOnly(Set<String> liveCallIds) {
        long cutoff = clock.millis() - GRACE_MILLIS;
        calls.entrySet().removeIf(e -> !liveCallIds.contains(e.getKey()) && e.getValue().lastSeenAt() < cutoff);
    }

    /** Calls being tracked (started, not yet ended), for tests. */
    int tracked() {
        return calls.size();
    }

    private static double seconds(long millis) {
        return Math.max(0, millis) / 1000.0;
    }

    /** What is known about a live call; -1 for a time not seen. */
    private record TrackedCall(String direction, long startedAt, long answeredAt, long lastSeenAt) {
        boolean startKnown() {
            return startedAt >= 0;
        }

        TrackedCall seenAt(long at) {
            return new TrackedCall(direction, startedAt, answeredAt, Math.max(lastSeenAt, at));
        }

        TrackedCall answered(long at) {
            return new TrackedCall(direction, startedAt, at, Math.max(lastSeenAt, at));
        }
    }
}
