package org.switchboard.rest.internal.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.health.Health;
import org.switchboard.api.health.HealthIndicator;
import org.switchboard.rest.internal.ApiServer;
import org.switchboard.rest.internal.Json;

class HealthResourceTest {
    @TempDir
    Path dir;

    private ApiServer api;

    @BeforeEach
    void start() {
        api = new ApiServer(dir);
        api.health.add(indicator("store", Health.up("H2 2.3.232, pool 1 active, 9 idle, 10 max, 0 waiting")));
        api.health.add(indicator("sip", Health.up("udp+tcp 127.0.0.1:5060")));
        api.health.add(indicator("media", Health.up("0 endpoints")));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anonymousCallersLearnOnlyUpOrDown() throws IOException {
        HttpResponse<String> up = api.get(null, "/health");

        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void downIs503WithoutSayingWhichComponent() {
        replace("sip", Health.down("udp 127.0.0.1:5060 not bound"));

        HttpResponse<String> down = api.get(null, "/health");

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\"}");
    }

    @Test
    void supervisorsSeeEveryComponentWithItsDetail() throws IOException {
        replace("sip", Health.down("udp 127.0.0.1:5060 not bound"));

        HttpResponse<String> report = api.get("carol-token", "/health");

        assertThat(report.statusCode()).isEqualTo(503);
        JsonNode body = Json.mapper().readTree(report.body());
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(body.path("components").path("store").path("detail").asText()).startsWith("H2 2.3.232");
        assertThat(body.path("components").path("sip").path("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void agentsAndBadTokensGetTheSummaryNotAnError() {
        assertThat(api.get("alice-token", "/health").body()).isEqualTo("{\"status\":\"UP\"}");

        HttpResponse<String> badToken = api.get("forged-token", "/health");
        assertThat(badToken.statusCode()).isEqualTo(200);
        assertThat(badToken.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void theServerIsDownUntilSipAndMediaHaveStarted() throws IOException {
        // the REST API is published before SIP binds its ports: a load balancer must not send calls yet
        api.health.removeIf(indicator -> !indicator.name().equals("store"));

        HttpResponse<String> report = api.get("carol-token", "/health");

        assertThat(report.statusCode()).isEqualTo(503);
        JsonNode components = Json.mapper().readTree(report.body()).path("components");
        assertThat(components.path("sip").path("detail").asText()).isEqualTo("not running");
        assertThat(components.path("media").path("detail").asText()).isEqualTo("not running");
    }

    private void replace(String name, Health health) {
        api.health.removeIf(indicator -> indicator.name().equals(name));
        api.health.add(indicator(name, health));
    }

    private static HealthIndicator indicator(String name, Health health) {
        return new HealthIndicator() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Health check() {
                return health;
            }
        };
    }
}
