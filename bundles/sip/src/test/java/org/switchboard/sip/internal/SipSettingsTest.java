package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SipSettingsTest {

    @Test
    void defaultsAreTheEmbeddedDefaults() {
        SipSettings settings = SipSettings.from(TestConfig.sip(Map.of()));

        assertThat(settings.describe()).isEqualTo("udp+tcp 127.0.0.1:5060");
        assertThat(settings.tls()).isEmpty();
        assertThat(settings.domain()).isEqualTo("switchboard.local");
        assertThat(settings.digestAlgorithms()).containsExactly(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
        assertThat(settings.expiry()).isEqualTo(new ExpiryPolicy(60, 3600));
        assertThat(settings.nonceValidity()).hasSeconds(300);
        assertThat(settings.maxFailedAuthsPerAddress()).isEqualTo(10);
        assertThat(settings.block()).hasSeconds(300);
        assertThat(settings.workerThreads()).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void workerThreadsGivenAreKept() {
        assertThat(SipSettings.from(TestConfig.sip(Map.of("workerThreads", 6))).workerThreads()).isEqualTo(6);
        assertThatThrownBy(() -> SipSettings.from(TestConfig.sip(Map.of("workerThreads", -1))))
                .hasMessageContaining("workerThreads");
    }

    @Test
    void tlsNeedsKeystoreAndPasswordAndHidesThePassword(@TempDir Path dir) throws Exception {
        Path keystore = Files.writeString(dir.resolve("sip.p12"), "not really a keystore");

        assertThatThrownBy(() -> SipSettings.from(TestConfig.sip(Map.of("keystore", keystore.toString()))))
                .hasMessageContaining("keystorePassword");
        SipSettings tls = SipSettings.from(TestConfig.sip(Map.of("keystore", keystore.toString(),
                "keystorePassword", "changeit-123")));

        assertThat(tls.describe()).isEqualTo("udp+tcp 127.0.0.1:5060, tls :5061");
        assertThat(tls.toString()).doesNotContain("changeit-123");
    }

    @Test
    void badValuesAreRefusedWithTheKeyName() {
        assertThatThrownBy(() -> SipSettings.from(TestConfig.sip(Map.of("port", 70000)))).hasMessageContaining("port");
        assertThatThrownBy(() -> SipSettings.from(TestConfig.sip(Map.of("digestAlgorithms", "SHA-512"))))
                .hasMessageContaining("digestAlgorithms");
        assertThatThrownBy(() -> SipSettings.from(TestConfig.sip(Map.of("minExpires", 600, "maxExpires", 60))))
                .hasMessageContaining("minExpires");
        assertThatThrownBy(() -> SipSettings.from(TestConfig.sip(Map.of("bindAddress", "no such host.invalid"))))
                .hasMessageContaining("bindAddress");
    }

    @Test
    void digestAlgorithmsKeepTheGivenOrder() {
        assertThat(SipSettings.from(TestConfig.sip(Map.of("digestAlgorithms", "md5, SHA-256"))).digestAlgorithms())
                .containsExactly(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256);
    }
}
