package org.switchboard.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.agent.Role;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.calllog.OutboxStatus;
import org.switchboard.api.event.EventStreams;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.media.MediaQuality;
import org.switchboard.api.media.MediaTotals;
import org.switchboard.api.trunk.TrunkStatus;
import org.switchboard.api.trunk.Trunks;
import org.switchboard.testing.MutableClock;

class StateGaugesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final SettableSources sources = new SettableSources();
    private final PrometheusRegistry registry = new PrometheusRegistry();

    StateGaugesTest() {
        new StateGauges(sources, new CallMetrics(clock), clock).registerWith(registry);
    }

    @Test
    void agentsAreCountedByPresenceWithEveryPresenceListed() {
        sources.agents = Stubs.of(AgentService.class, Map.of("list", args -> List.of(
                agent("alice", Presence.AVAILABLE), agent("bob", Presence.AVAILABLE), agent("carol", Presence.WRAP_UP))));

        assertThat(sample("switchboard_agents{presence=\"AVAILABLE\"}")).contains(2.0);
        assertThat(sample("switchboard_agents{presence=\"WRAP_UP\"}")).contains(1.0);
        assertThat(sample("switchboard_agents{presence=\"OFFLINE\"}")).contains(0.0);
    }

    @Test
    void aTrunkIsUpWhenItsRegistrationHoldsOrWhenItDoesNotRegister() {
        sources.trunks = () -> List.of(
                new TrunkStatus("pstn", "127.0.0.1:5080", "UDP", false, false, Optional.empty(), "", 2),
                new TrunkStatus("carrier", "192.0.2.1:5060", "TLS", true, true, Optional.empty(), "200 OK", 0),
                new TrunkStatus("backup", "192.0.2.2:5060", "UDP", true, false, Optional.empty(), "403 Forbidden", 0));

        assertThat(sample("switchboard_trunk_up{trunk=\"pstn\"}")).contains(1.0);
        assertThat(sample("switchboard_trunk_up{trunk=\"carrier\"}")).contains(1.0);
        assertThat(sample("switchboard_trunk_up{trunk=\"backup\"}")).contains(0.0);
        assertThat(sample("switchboard_trunk_calls_active{trunk=\"pstn\"}")).contains(2.0);
    }

    @Test
    void outboxShowsItsBacklogParkedEntriesAndHowOldTheOldestIs() {
        sources.outbox = Stubs.of(Outbox.class, Map.of(
                "count", args -> args[0] == OutboxStatus.PENDING ? 7L : args[0] == OutboxStatus.PARKED ? 2L : 99L,
                "countRetrying", args -> 3L,
                "oldestPending", args -> Optional.of(clock.instant().minus(Duration.ofSeconds(90)))));
        assertThat(sample("switchboard_outbox_entries{status=\"pending\"}")).contains(7.0);
        assertThat(sample("switchboard_outbox_entries{status=\"parked\"}")).contains(2.0);
        assertThat(sample("switchboard_outbox_retrying_entries")).contains(3.0);
        assertThat(sample("switchboard_outbox_oldest_pending_seconds")).contains(90.0);

        sources.outbox = Stubs.of(Outbox.class, Map.of("count", args -> 0L, "countRetrying", args -> 0L,
                "oldestPending", args -> Optional.empty()));
        assertThat(sample("switchboard_outbox_oldest_pending_seconds")).contains(0.0);
    }

    @Test
    void mediaCountersNeverGoBackWhileALegMovesFromLiveToReleasedTotals() {
        AtomicReference<MediaTotals> totals = new AtomicReference<>(new MediaTotals(2, 1000, 10, 12.0, 6.0));
        sources.media = totals::get;
        assertThat(sample("switchboard_media_packets_received_total")).contains(1000.0);
        assertThat(sample("switchboard_media_jitter_seconds{stat=\"max\"}")).contains(0.012);
        assertThat(sample("switchboard_media_jitter_seconds{stat=\"mean\"}")).contains(0.006);

        totals.set(new MediaTotals(1, 400, 4, 0, 0)); // the released leg is between the two sets
        assertThat(sample("switchboard_media_packets_received_total")).contains(1000.0);
        assertThat(sample("switchboard_media_packets_lost_total")).contains(10.0);
        assertThat(sample("switchboard_media_endpoints")).contains(1.0);

        totals.set(new MediaTotals(1, 1050, 11, 0, 0));
        assertThat(sample("switchboard_media_packets_received_total")).contains(1050.0);
    }

    @Test
    void anAbsentServiceLeavesItsMetricOutAndAFailingOneDoesNotSpoilTheScrape() {
        sources.streams = () -> 3;
        sources.registrations = null;
        sources.health.add(indicator("store", () -> Health.down("connection refused")));
        sources.health.add(indicator("sip", () -> Health.up("udp 5060")));
        sources.trunks = () -> {
            throw new IllegalStateException("sip is stopping");
        };

        assertThat(sample("switchboard_websocket_sessions")).contains(3.0);
        assertThat(sample("switchboard_health_up{component=\"store\"}")).contains(0.0);
        assertThat(sample("switchboard_health_up{component=\"sip\"}")).contains(1.0);
        assertThat(Scrapes.text(registry)).doesNotContain("switchboard_registrations ")
                .doesNotContain("switchboard_trunk_up{").doesNotContain("switchboard_calls_active ");
    }

    private Optional<Double> sample(String series) {
        return Scrapes.sample(registry, series);
    }

    private AgentStatus agent(String username, Presence presence) {
        Agent agent = new Agent(UUID.randomUUID(), username, username, "1000", Optional.empty(), Role.AGENT, true);
        return new AgentStatus(agent, presence, clock.instant(), clock.instant());
    }

    private static HealthIndicator indicator(String name, java.util.function.Supplier<Health> check) {
        return new HealthIndicator() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Health check() {
                return check.get();
            }
        };
    }
}
