package org.switchboard.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.call.CallService;
import org.switchboard.api.calllog.Outbox;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.api.media.MediaTotals;
import org.switchboard.api.registration.RegistrationRepository;
import org.switchboard.api.trunk.TrunkStatus;
import org.switchboard.testing.MutableClock;

/** The dashboard in ops/grafana queries only metrics that /metrics serves, so no panel stays empty. */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of(System.getProperty("switchboard.dashboard", "../../ops/grafana/switchboard.json"));
    private static final Pattern METRIC = Pattern.compile("\\b((?:switchboard|jvm|process)_[a-z_]+)\\b");

    @Test
    void everyMetricTheDashboardQueriesIsServed() throws Exception {
        Set<String> queried = new TreeSet<>();
        for (String expr : expressions(new ObjectMapper().readTree(DASHBOARD.toFile()))) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                queried.add(m.group(1));
            }
        }

        assertThat(queried).contains("switchboard_calls_started_total", "switchboard_call_talk_seconds_bucket",
                "switchboard_media_packets_lost_total", "switchboard_trunk_up", "jvm_gc_collection_seconds_sum");
        assertThat(served()).containsAll(queried);
    }

    private static List<String> expressions(JsonNode dashboard) {
        return dashboard.findValues("expr").stream().map(JsonNode::asText).toList();
    }

    /** The metric names of a scrape with every source present and one answered, one missed call behind it. */
    private static Set<String> served() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
        CallMetrics calls = new CallMetrics(clock);
        post(calls, Topics.CALL_RINGING, "a", 0, null);
        post(calls, Topics.CALL_ANSWERED, "a", 1_000, null);
        post(calls, Topics.CALL_ENDED, "a", 9_000, "CALLER_HANGUP");
        post(calls, Topics.CALL_RINGING, "b", 0, null);
        post(calls, Topics.CALL_ENDED, "b", 9_000, "CANCELLED");
        SettableSources sources = new SettableSources();
        sources.calls = Stubs.of(CallService.class, Map.of("active", args -> List.of()));
        sources.agents = Stubs.of(AgentService.class, Map.of("list", args -> List.of()));
        sources.registrations = Stubs.of(RegistrationRepository.class, Map.of("allActive", args -> List.of()));
        sources.trunks = () -> List.of(new TrunkStatus("pstn", "127.0.0.1:5080", "UDP", false, false, Optional.empty(), "", 0));
        sources.outbox = Stubs.of(Outbox.class, Map.of("count", args -> 0L, "countRetrying", args -> 0L,
                "oldestPending", args -> Optional.empty()));
        sources.media = () -> new MediaTotals(0, 0, 0, 0, 0);
        sources.streams = () -> 0;
        sources.health.add(new HealthIndicator() {
            @Override
            public String name() {
                return "store";
            }

            @Override
            public Health check() {
                return Health.up("ok");
            }
        });
        PrometheusRegistry registry = new PrometheusRegistry();
        calls.registerWith(registry);
        new StateGauges(sources, calls, clock).registerWith(registry);
        MetricsEndpoint.registerJvmMetrics(registry);
        return Arrays.stream(Scrapes.text(registry).split("\n"))
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());
    }

    private static void post(CallMetrics calls, String topic, String callId, long at, String reason) {
        Map<String, Object> p = new HashMap<>();
        p.put(EventProperties.CALL_ID, callId);
        p.put(EventProperties.DIRECTION, "INBOUND");
        p.put(EventProperties.STATE, Topics.CALL_RINGING.equals(topic) ? "RINGING" : "ACTIVE");
        p.put(EventProperties.TIMESTAMP, at);
        if (reason != null) {
            p.put(EventProperties.REASON, reason);
        }
        calls.handleEvent(new Event(topic, p));
    }
}
