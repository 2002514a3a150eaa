package org.switchboard.metrics.internal;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.call.Call;
import org.switchboard.api.calllog.OutboxStatus;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.health.HealthStatus;
import org.switchboard.api.media.MediaTotals;
import org.switchboard.api.trunk.TrunkStatus;

/**
 * The gauges read from Switchboard's services when Prometheus scrapes: calls active, agents by
 * presence, registrations, trunks, outbox, media, WebSocket sessions, component health. Nothing
 * here runs between scrapes, so it costs the call path nothing.
 *
 * <p>A service that is absent or fails leaves its metric out of that scrape; the rest still answer.
 */
final class StateGauges {
    private static final Logger LOG = LoggerFactory.getLogger(StateGauges.class);

    private final Sources sources;
    private final CallMetrics callMetrics;
    private final Clock clock;
    private final List<Collector> collectors = new ArrayList<>();
    /** Media totals move from live to released endpoints in two steps: never report less than before. */
    private final AtomicLong packetsReceived = new AtomicLong();
    private final AtomicLong packetsLost = new AtomicLong();

    StateGauges(Sources sources, CallMetrics callMetrics, Clock clock) {
        this.sources = sources;
        this.callMetrics = callMetrics;
        this.clock = clock;
        build();
    }

    void registerWith(PrometheusRegistry registry) {
        collectors.forEach(registry::register);
    }

    private void build() {
        gauge("switchboard_calls_active", "Calls up now (ringing, talking, held or being transferred)", List.of(),
                cb -> sources.calls().ifPresent(service -> {
                    List<Call> active = service.active();
                    // the list is at hand: forget calls whose end event was missed during an update
                    callMetrics.retainOnly(active.stream().map(c -> c.id().toString()).collect(Collectors.toSet()));
                    cb.call(active.size());
                }));
        gauge("switchboard_agents", "Agents by presence", List.of("presence"),
                cb -> sources.agents().ifPresent(service -> {
                    Map<Presence, Integer> byPresence = new EnumMap<>(Presence.class);
                    for (Presence p : Presence.values()) {
                        byPresence.put(p, 0);
                    }
                    for (AgentStatus status : service.list()) {
                        byPresence.merge(status.presence(), 1, Integer::sum);
                    }
                    byPresence.forEach((presence, count) -> cb.call(count, presence.name()));
                }));
        gauge("switchboard_registrations", "SIP contacts registered now (phones of agents)", List.of(),
                cb -> sources.registrations().ifPresent(r -> cb.call(r.allActive(clock.instant()).size())));
        gauge("switchboard_trunk_up",
                "1 when the trunk can carry calls (its registration holds, or it does not register), else 0",
                List.of("trunk"), cb -> sources.trunks().ifPresent(t -> {
                    for (TrunkStatus trunk : t.all()) {
                        cb.call(!trunk.registers() || trunk.registered() ? 1 : 0, trunk.name());
                    }
                }));
        gauge("switchboard_trunk_calls_active", "Calls through the trunk now", List.of("trunk"),
                cb -> sources.trunks().ifPresent(t -> t.all().forEach(trunk -> cb.call(trunk.activeCalls(), trunk.name()))));
        gauge("switchboard_outbox_entries",
                "Call logs waiting for a CRM: pending (backlog, retried with backoff) and parked (refused, waiting for an admin)",
                List.of("status"), cb -> sources.outbox().ifPresent(o -> {
                    cb.call(o.count(OutboxStatus.PENDING), "pending");
                    cb.call(o.count(OutboxStatus.PARKED), "parked");
                }));
        gauge("switchboard_outbox_retrying_entries",
                "Pending call logs whose delivery failed at least once (the CRM is down or refusing for now)", List.of(),
                cb -> sources.outbox().ifPresent(o -> cb.call(o.countRetrying())));
        gauge("switchboard_outbox_oldest_pending_seconds", "Age of the oldest call log waiting for delivery, 0 when none",
                List.of(), cb -> sources.outbox().ifPresent(o -> cb.call(o.oldestPending()
                        .map(at -> Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0)).orElse(0.0))));
        gauge("switchboard_media_endpoints", "Media endpoints (RTP port pairs) held now", List.of(),
                cb -> sources.media().ifPresent(m -> cb.call(m.totals().endpoints())));
        counter("switchboard_media_packets_received", "RTP packets received on media endpoints",
                cb -> sources.media().ifPresent(m -> cb.call(monotonic(packetsReceived, m.totals().packetsReceived()))));
        counter("switchboard_media_packets_lost", "RTP packets that never arrived (sequence gaps, RFC 3550 A.3)",
                cb -> sources.media().ifPresent(m -> cb.call(monotonic(packetsLost, m.totals().packetsLost()))));
        gauge("switchboard_media_jitter_seconds",
                "Interarrival jitter (RFC 3550 A.8) of the live endpoints: the worst one (max) and the mean",
                List.of("stat"), cb -> sources.media().ifPresent(m -> {
                    MediaTotals totals = m.totals();
                    cb.call(totals.jitterMaxMillis() / 1000.0, "max");
                    cb.call(totals.jitterMeanMillis() / 1000.0, "mean");
                }));
        gauge("switchboard_websocket_sessions", "Authenticated WebSocket sessions (/api/v1/ws) open now", List.of(),
                cb -> sources.streams().ifPresent(s -> cb.call(s.sessions())));
        gauge("switchboard_health_up", "1 when the component reports UP, 0 when DOWN", List.of("component"), cb -> {
            for (HealthIndicator indicator : sources.health()) {
                cb.call(indicator.check().status() == HealthStatus.UP ? 1 : 0, indicator.name());
            }
        });
    }

    private void gauge(String name, String help, List<String> labels, Consumer<GaugeWithCallback.Callback> read) {
        collectors.add(GaugeWithCallback.builder().name(name).help(help).labelNames(labels.toArray(String[]::new))
                .callback(cb -> guarded(name, () -> read.accept(cb))).build());
    }

    private void counter(String name, String help, Consumer<CounterWithCallback.Callback> read) {
        collectors.add(CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> guarded(name, () -> read.accept(cb))).build());
    }

    /** A service that fails (the store down) costs its metric, not the scrape. */
    private static void guarded(String name, Runnable read) {
        try {
            read.run();
        } catch (RuntimeException e) {
            LOG.debug("metric {} left out of this scrape: {}", name, e.toString());
        }
    }

    private static long monotonic(AtomicLong last, long now) {
        return last.accumulateAndGet(now, Math::max);
    }
}
