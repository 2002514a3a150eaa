package org.switchboard.ui.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
