package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrunkConfigurationTest {

    @Test
    void demoTrunkTrustsItsHostOnAnyPortByDefault() throws Exception {
        Trunk trunk = TrunkConfiguration.from(TestConfig.trunk(Map.of("name", "pstn", "host", "127.0.0.1",
                "port", 5080)));

        assertThat(trunk.peer()).isEqualTo("127.0.0.1:5080");
        assertThat(trunk.transport()).isEqualTo("UDP");
        assertThat(trunk.register()).isFalse();
        assertThat(trunk.isSource(InetAddress.getByName("127.0.0.1"), 40000)).isTrue();
        assertThat(trunk.isSource(InetAddress.getByName("127.0.0.2"), 5080)).isFalse();
    }

    @Test
    void inboundListReplacesTheHost() throws Exception {
        Trunk trunk = TrunkConfiguration.from(TestConfig.trunk(Map.of("name", "carrier", "host", "192.0.2.1",
                "transport", "tcp", "inbound", new String[] {"198.51.100.0/24, 203.0.113.5:5060"})));

        assertThat(trunk.transport()).isEqualTo("TCP");
        assertThat(trunk.isSource(InetAddress.getByName("198.51.100.20"), 1234)).isTrue();
        assertThat(trunk.isSource(InetAddress.getByName("203.0.113.5"), 5060)).isTrue();
        assertThat(trunk.isSource(InetAddress.getByName("203.0.113.5"), 5070)).isFalse();
        assertThat(trunk.isSource(InetAddress.getByName("192.0.2.1"), 5060)).isFalse();
    }

    @Test
    void registeringTrunkNeedsCredentialsAndHidesThePassword() throws Exception {
        assertThatThrownBy(() -> TrunkConfiguration.from(TestConfig.trunk(Map.of("name", "carrier",
                "host", "192.0.2.1", "register", true)))).hasMessageContaining("username");

        Trunk trunk = TrunkConfiguration.from(TestConfig.trunk(Map.of("name", "carrier", "host", "192.0.2.1",
                "register", true, "username", "acct", "password", "s3cr3t-pass", "realm", "carrier.example")));

        assertThat(trunk.realm()).isEqualTo(Optional.of("carrier.example"));
        assertThat(trunk.toString()).contains("acct").doesNotContain("s3cr3t-pass");
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> TrunkConfiguration.from(TestConfig.trunk(Map.of("name", "x", "host", "h",
                "transport", "sctp")))).hasMessageContaining("transport");
        assertThatThrownBy(() -> TrunkConfiguration.from(TestConfig.trunk(Map.of("name", "bad name", "host", "h"))))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> TrunkConfiguration.from(TestConfig.trunk(Map.of("name", "x", "host", "h",
                "port", 0)))).hasMessageContaining("port");
    }

    @Test
    void registryFindsTheTrunkOfASource() throws Exception {
        TrunkRegistry registry = new TrunkRegistry();
        new TrunkConfiguration(registry, TestConfig.trunk(Map.of("name", "pstn", "host", "127.0.0.1", "port", 5080,
                "inbound", new String[] {"127.0.0.1:5080"})));

        assertThat(registry.bySource(InetAddress.getByName("127.0.0.1"), 5080)).map(Trunk::name).contains("pstn");
        assertThat(registry.bySource(InetAddress.getByName("127.0.0.1"), 5062)).isEmpty();
        assertThat(registry.byName("pstn")).isPresent();
    }
}
