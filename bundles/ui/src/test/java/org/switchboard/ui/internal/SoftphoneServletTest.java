package org.switchboard.ui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SoftphoneServletTest {

    @Test
    void thePageMayOpenTheWebSocketOfItsOwnHostOnly() {
        assertThat(SoftphoneServlet.csp("pbx.example.com:8181"))
                .contains("connect-src 'self' ws://pbx.example.com:8181 wss://pbx.example.com:8181;")
                .contains("script-src 'self';")
                .doesNotContain("frame-ancestors");
        assertThat(SoftphoneServlet.csp("[::1]:8181")).contains("ws://[::1]:8181");
    }

    @Test
    void aStrangeHostHeaderAddsNothingToThePolicy() {
        assertThat(SoftphoneServlet.csp("evil.example; script-src *")).contains("connect-src 'self';")
                .doesNotContain("evil");
        assertThat(SoftphoneServlet.csp(null)).contains("connect-src 'self';");
    }

    @Test
    void insideLightningThePageMayLoadOpenCtiFromTheEmbeddingSalesforceOriginOnly() {
        Optional<String> origin = SoftphoneServlet.salesforceOrigin("https://acme.lightning.force.com");
        assertThat(origin).contains("https://acme.lightning.force.com");
        assertThat(SoftphoneServlet.csp("pbx.example.com", origin))
                .contains("script-src 'self' https://acme.lightning.force.com;")
                .contains("default-src 'self';")
                .doesNotContain("frame-ancestors");
        assertThat(SoftphoneServlet.salesforceOrigin("https://Acme.my.salesforce.com:8443/"))
                .contains("https://acme.my.salesforce.com:8443");
    }

    @Test
    void plainHttpIsAcceptedForThisMachineOnly() {
        assertThat(SoftphoneServlet.salesforceOrigin("http://127.0.0.1:43123")).contains("http://127.0.0.1:43123");
        assertThat(SoftphoneServlet.salesforceOrigin("http://localhost:8080")).contains("http://localhost:8080");
        assertThat(SoftphoneServlet.salesforceOrigin("http://acme.lightning.force.com")).isEmpty();
    }

    @Test
    void anythingButABareOriginAddsNoScriptSource() {
        for (String bad : new String[] {
            null, "", "acme.lightning.force.com", "javascript:alert(1)", "https://acme.force.com/path",
            "https://user@acme.force.com", "https://acme.force.com; script-src *", "https://*.force.com",
            "https://acme.force.com?x=1", "data:text/javascript,1", "https://" + "a".repeat(400) + ".com"
        }) {
            assertThat(SoftphoneServlet.salesforceOrigin(bad)).as(String.valueOf(bad)).isEmpty();
        }
        assertThat(SoftphoneServlet.csp("pbx.example.com", Optional.empty())).contains("script-src 'self';");
    }
}
