package org.switchboard.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;
import org.switchboard.testing.MutableClock;

class CallMetricsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final CallMetrics metrics = new CallMetrics(clock);
    private final PrometheusRegistry registry = new PrometheusRegistry();

    CallMetricsTest() {
        metrics.registerWith(registry);
    }

    @Test
    void answeredCallIsCountedWithItsRingAndTalkTimeAndEndReason() {
        String call = UUID.randomUUID().toString();
        post(Topics.CALL_RINGING, call, "INBOUND", "RINGING", 0, null);
        post(Topics.CALL_RINGING, call, "INBOUND", "RINGING", 100, null); // the agent's leg rings too
        post(Topics.CALL_ANSWERED, call, "INBOUND", "ACTIVE", 4_000, null);
        post(Topics.CALL_HELD, call, "INBOUND", "HELD", 10_000, null);
        post(Topics.CALL_ENDED, call, "INBOUND", "ENDED", 64_000, "CALLER_HANGUP");

        assertThat(sample("switchboard_calls_started_total{direction=\"INBOUND\"}")).contains(1.0);
        assertThat(sample("switchboard_calls_answered_total{direction=\"INBOUND\"}")).contains(1.0);
        assertThat(sample("switchboard_calls_ended_total{direction=\"INBOUND\",reason=\"CALLER_HANGUP\"}")).contains(1.0);
        assertThat(sample("switchboard_call_ring_seconds_count{answered=\"true\",direction=\"INBOUND\"}")).contains(1.0);
        assertThat(sample("switchboard_call_ring_seconds_sum{answered=\"true\",direction=\"INBOUND\"}")).contains(4.0);
        assertThat(sample("switchboard_call_ring_seconds_bucket{answered=\"true\",direction=\"INBOUND\",le=\"3.0\"}")).contains(0.0);
        assertThat(sample("switchboard_call_ring_seconds_bucket{answered=\"true\",direction=\"INBOUND\",le=\"5.0\"}")).contains(1.0);
        assertThat(sample("switchboard_call_talk_seconds_count{direction=\"INBOUND\"}")).contains(1.0);
        assertThat(sample("switchboard_call_talk_seconds_sum{direction=\"INBOUND\"}")).contains(60.0);
        assertThat(metrics.tracked()).isZero();
    }

    @Test
    void everyDirectionAndEndReasonStartsAtZeroSoRateWorksFromTheFirstCall() {
        assertThat(sample("switchboard_calls_started_total{direction=\"OUTBOUND\"}")).contains(0.0);
        assertThat(sample("switchboard_calls_ended_total{direction=\"INTERNAL\",reason=\"MEDIA_TIMEOUT\"}")).contains(0.0);
    }

    @Test
    void unansweredCallGivesItsRingTimeAsUnansweredAndNoTalkTime() {
        String call = UUID.randomUUID().toString();
        post(Topics.CALL_RINGING, call, "OUTBOUND", "RINGING", 0, null);
        post(Topics.CALL_ENDED, call, "OUTBOUND", "ENDED", 12_500, "CANCELLED");

        assertThat(sample("switchboard_calls_answered_total{direction=\"OUTBOUND\"}")).contains(0.0);
        assertThat(sample("switchboard_calls_ended_total{direction=\"OUTBOUND\",reason=\"CANCELLED\"}")).contains(1.0);
        assertThat(sample("switchboard_call_ring_seconds_sum{answered=\"false\",direction=\"OUTBOUND\"}")).contains(12.5);
        assertThat(sample("switchboard_call_talk_seconds_count{direction=\"OUTBOUND\"}")).isEmpty();
    }

    @Test
    void aSecondAnswerOfTheSameCallIsNotCountedAgain() {
        String call = UUID.randomUUID().toString();
        post(Topics.CALL_RINGING, call, "INBOUND", "RINGING", 0, null);
        post(Topics.CALL_ANSWERED, call, "INBOUND", "ACTIVE", 2_000, null);
        post(Topics.CALL_TRANSFERRING, call, "INBOUND", "TRANSFERRING", 30_000, null);
        post(Topics.CALL_ANSWERED, call, "INBOUND", "ACTIVE", 40_000, null); // the transfer target answers
        post(Topics.CALL_ENDED, call, "INBOUND", "ENDED", 62_000, "CALLEE_HANGUP");

        assertThat(sample("switchboard_calls_answered_total{direction=\"INBOUND\"}")).contains(1.0);
        assertThat(sample("switchboard_call_talk_seconds_sum{direction=\"INBOUND\"}")).contains(60.0);
    }

    @Test
    void aCallAlreadyUpWhenTheBundleStartedCountsItsEndButNoStartAndNoTimes() {
        String call = UUID.randomUUID().toString();
        post(Topics.CALL_HELD, call, "INBOUND", "HELD", 0, null);
        post(Topics.CALL_ENDED, call, "INBOUND", "ENDED", 5_000, "CALLEE_HANGUP");

        assertThat(sample("switchboard_calls_started_total{direction=\"INBOUND\"}")).contains(0.0);
        assertThat(sample("switchboard_calls_ended_total{direction=\"INBOUND\",reason=\"CALLEE_HANGUP\"}")).contains(1.0);
        assertThat(sample("switchboard_call_ring_seconds_count{answered=\"false\",direction=\"INBOUND\"}")).isEmpty();
        assertThat(sample("switchboard_call_talk_seconds_count{direction=\"INBOUND\"}")).isEmpty();
    }

    @Test
    void callsWhoseEndWasMissedAreForgottenOnceCoreNoLongerListsThem() {
        String gone = UUID.randomUUID().toString();
        String live = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        post(Topics.CALL_RINGING, gone, "INBOUND", "RINGING", clock.millis(), null);
        post(Topics.CALL_RINGING, live, "INBOUND", "RINGING", clock.millis(), null);
        clock.advance(Duration.ofMinutes(5));
        post(Topics.CALL_RINGING, fresh, "INBOUND", "RINGING", clock.millis(), null); // core may not list it yet

        metrics.retainOnly(Set.of(live));

        assertThat(metrics.tracked()).isEqualTo(2);
    }

    @Test
    void anEventWithoutACallIdIsIgnored() {
        metrics.handleEvent(new Event(Topics.CALL_ENDED, Map.of(EventProperties.REASON, "FAILED")));
        assertThat(sample("switchboard_calls_ended_total{direction=\"INBOUND\",reason=\"FAILED\"}")).contains(0.0);
    }

    private void post(String topic, String callId, String direction, String state, long timestamp, String reason) {
        Map<String, Object> p = new HashMap<>();
        p.put(EventProperties.CALL_ID, callId);
        p.put(EventProperties.DIRECTION, direction);
        p.put(EventProperties.STATE, state);
        p.put(EventProperties.TIMESTAMP, timestamp);
        if (reason != null) {
            p.put(EventProperties.REASON, reason);
        }
        metrics.handleEvent(new Event(topic, p));
    }

    private Optional<Double> sample(String series) {
        return Scrapes.sample(registry, series);
    }
}
