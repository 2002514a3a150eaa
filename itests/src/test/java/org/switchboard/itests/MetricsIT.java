package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallState;

/**
 * {@code /metrics} on the real distribution, scraped over HTTP as Prometheus would: a real call
 * from a SIPp carrier on the demo trunk to alice's registered SIPp phone is counted (started,
 * answered, ended with its reason, talk time); a scrape without the configured token gets 401; the
 * metrics bundle restarts under a live call without touching it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsIT extends TelephonyTestSupport {
    static final String TOKEN = System.getProperty("switchboard.itest.metrics.token", "it-" + UUID.randomUUID());
    private static final String ALICE_DID = "+15550101";
    private static final String STARTED = "switchboard_calls_started_total{direction=\"INBOUND\"}";
    private static final String ANSWERED = "switchboard_calls_answered_total{direction=\"INBOUND\"}";
    private static final String ENDED_BY_CALLER = "switchboard_calls_ended_total{direction=\"INBOUND\",reason=\"CALLER_HANGUP\"}";
    private static final String TALK_COUNT = "switchboard_call_talk_seconds_count{direction=\"INBOUND\"}";
    private static final String TALK_SUM = "switchboard_call_talk_seconds_sum{direction=\"INBOUND\"}";
    private static final String RING_COUNT = "switchboard_call_ring_seconds_count{answered=\"true\",direction=\"INBOUND\"}";

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(telephonyConfig()));
        options.add(editConfigurationFilePut("etc/org.switchboard.metrics.cfg", "token", TOKEN));
        options.add(systemProperty("switchboard.itest.metrics.token").value(TOKEN));
        return options.toArray(new Option[0]);
    }

    @Test
    public void aRealCallThroughTheTrunkIsCountedWithItsEndReasonAndTalkTime() throws Exception {
        Map<String, Double> before = scrape();
        Phone alice = started("alice", "answer.xml", registeredWithDigest("register.xml"));

        Phone carrier = carrier("carrier-calls.xml", "-s", ALICE_DID, "-d", "1500", "127.0.0.1:" + SIP);
        await("alice talking to the carrier", () -> calls().active().stream().anyMatch(c -> c.state() == CallState.ACTIVE));
        Map<String, Double> during = scrape();
        carrier.assertDone();
        alice.assertDone();

        assertEquals(ours(during), 1.0, during.get("switchboard_calls_active"), 0);
        assertTrue("alice's phone registered: " + ours(during), during.get("switchboard_registrations") >= 1);
        assertTrue("her endpoint and the carrier's: " + ours(during), during.get("switchboard_media_endpoints") >= 2);
        assertEquals(1.0, during.get("switchboard_trunk_calls_active{trunk=\"pstn\"}"), 0);
        await("the call's end counted", () -> increase(before, scrapeQuietly(), ENDED_BY_CALLER) == 1);
        Map<String, Double> after = scrape();
        assertEquals(ours(after), 1.0, increase(before, after, STARTED), 0);
        assertEquals(1.0, increase(before, after, ANSWERED), 0);
        assertEquals(1.0, increase(before, after, TALK_COUNT), 0);
        assertEquals(1.0, increase(before, after, RING_COUNT), 0);
        double talked = increase(before, after, TALK_SUM);
        assertTrue("talked " + talked + " s of the carrier's 1.5 s", talked >= 1.0 && talked < 10);
        assertEquals(0.0, after.get("switchboard_calls_active"), 0);
        assertTrue(after.containsKey("switchboard_media_packets_received_total")); // SIPp's phones here send no RTP
        assertTrue("the JVM collectors: " + after.keySet(), after.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_")));
        assertEquals(1.0, after.get("switchboard_health_up{component=\"sip\"}"), 0);
        assertEquals("the demo's local CRM takes every log", 0.0, after.get("switchboard_outbox_retrying_entries"), 0);
    }

    @Test
    public void aScrapeWithoutTheTokenOrWithAWrongOneIsRefused() throws Exception {
        HttpResponse<String> none = scrapeWith(null);
        HttpResponse<String> wrong = scrapeWith("Bearer not-" + TOKEN);
        HttpResponse<String> basic = scrapeWith("Basic " + TOKEN);

        assertEquals(none.body(), 401, none.statusCode());
        assertTrue(none.body(), none.body().contains("\"error\":\"unauthorized\""));
        assertEquals("Bearer realm=\"switchboard-metrics\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue("no metric leaks: " + none.body(), !none.body().contains("switchboard_"));
        assertEquals(401, wrong.statusCode());
        assertEquals(401, basic.statusCode());
        HttpResponse<String> right = scrapeWith("Bearer " + TOKEN);
        assertEquals(200, right.statusCode());
        assertTrue(right.headers().firstValue("Content-Type").orElse(""), right.headers().firstValue("Content-Type")
                .orElse("").startsWith("text/plain; version=0.0.4"));
    }

    @Test
    public void restartingTheMetricsBundleUnderALiveCallLeavesTheCallUpAndCountsItsEnd() throws Exception {
        Phone alice = started("alice", "answer.xml", registeredWithDigest("register.xml"));
        Phone carrier = carrier("carrier-calls.xml", "-s", ALICE_DID, "-d", "4000", "127.0.0.1:" + SIP);
        await("alice talking to the carrier", () -> calls().active().stream().anyMatch(c -> c.state() == CallState.ACTIVE));
        Set<UUID> live = calls().active().stream().map(Call::id).collect(Collectors.toSet());

        Bundle metrics = bundle("org.switchboard.metrics");
        metrics.stop();
        assertEquals("no /metrics while it is stopped", 404, scrapeWith("Bearer " + TOKEN).statusCode());
        metrics.start();
        await("/metrics back", () -> statusOfScrape() == 200);

        assertEquals("the call went on", live, calls().active().stream().filter(c -> c.state() == CallState.ACTIVE)
                .map(Call::id).collect(Collectors.toSet()));
        carrier.assertDone();
        alice.assertDone();
        // a fresh start of the bundle: its counters began at 0, the call's end is counted, its start was before
        await("the call's end counted by the restarted bundle", () -> scrapeQuietly().getOrDefault(ENDED_BY_CALLER, 0.0) == 1);
        Map<String, Double> after = scrape();
        assertEquals("its start was counted by the bundle before the restart: " + ours(after), 0.0, after.get(STARTED), 0);
    }

    // ---- scraping as Prometheus does --------------------------------------------------------

    private HttpResponse<String> scrapeWith(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int statusOfScrape() {
        try {
            return scrapeWith("Bearer " + TOKEN).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Every sample of one scrape, by series as written (name and labels). */
    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> response = scrapeWith("Bearer " + TOKEN);
        assertEquals(response.body(), 200, response.statusCode());
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    private Map<String, Double> scrapeQuietly() {
        try {
            return scrape();
        } catch (Exception | AssertionError e) {
            return Map.of();
        }
    }

    /** The Switchboard series of a scrape, for failure messages. */
    private static String ours(Map<String, Double> samples) {
        return new TreeMap<>(samples).entrySet().stream().filter(e -> e.getKey().startsWith("switchboard_"))
                .filter(e -> e.getValue() != 0).map(Object::toString).collect(Collectors.joining(", "));
    }

    private static double increase(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, Double.NaN) - before.getOrDefault(series, 0.0);
    }
}
