package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.testing.Configs.config;
import static org.switchboard.media.internal.RelayTest.remote;

import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.MediaUnavailableException;

class ConfigurationTest {

    @Test
    void defaultsAreLoopbackTheStandardRangeOneThreadPerCoreAndLatching() {
        MediaSettings settings = MediaSettings.of(config(MediaEngine.Config.class));
        assertThat(settings.bindAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(settings.portMin()).isEqualTo(20000);
        assertThat(settings.portMax()).isEqualTo(29999);
        assertThat(settings.selectorThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(settings.latching()).isTrue();
        assertThatThrownBy(() -> MediaSettings.of(config(MediaEngine.Config.class, "bindAddress", "no such host.invalid")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewPortRangeAndLatchingApplyWithoutRestartingCalls() {
        int first = Engines.freeRange(1);
        MediaEngine engine = new MediaEngine(MediaSettings.of(config(MediaEngine.Config.class,
                "portMin", first, "portMax", first + 1, "selectorThreads", 1)));
        try (Phone announced = new Phone(); Phone real = new Phone(); Phone other = new Phone()) {
            MediaEndpoint a = engine.allocate(UUID.randomUUID());
            assertThat(a.local().getPort()).isEqualTo(first);
            assertThatThrownBy(() -> engine.allocate(UUID.randomUUID())).isInstanceOf(MediaUnavailableException.class);

            int second = Engines.freeRange(1);
            engine.modified(config(MediaEngine.Config.class, "portMin", second, "portMax", second + 1,
                    "selectorThreads", 1, "latching", false));
            MediaEndpoint b = engine.allocate(UUID.randomUUID());
            assertThat(b.local().getPort()).isEqualTo(second);
            assertThat(engine.check().detail()).isEqualTo("2 endpoints, 0 free ports");

            // latching now off: replies go to the SDP address although the phone sends from elsewhere
            engine.setRemote(a.id(), remote(announced, Codec.PCMU));
            engine.setRemote(b.id(), remote(other, Codec.PCMU));
            engine.bridge(a.id(), b.id());
            real.sendAudio(a.local(), 0, new byte[160]);
            other.receive(1, Duration.ofSeconds(2));
            other.sendAudio(b.local(), 0, new byte[160]);
            assertThat(announced.receive(1, Duration.ofSeconds(2))).hasSize(1);
            assertThat(real.receive(Duration.ofMillis(50))).isEmpty();

            engine.release(a.id()); // its port is outside the new range: retired, not reused
            assertThatThrownBy(() -> engine.allocate(UUID.randomUUID())).isInstanceOf(MediaUnavailableException.class);
        } finally {
            engine.close();
        }
    }
}
