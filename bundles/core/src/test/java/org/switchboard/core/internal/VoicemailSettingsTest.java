package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.switchboard.testing.Configs;

/** Call control must start whatever the voicemail file says. */
class VoicemailSettingsTest {

    @Test
    void valuesOutOfRangeFallBackToTheirDefaults() {
        VoicemailSettings settings = VoicemailSettings.of(Configs.config(VoicemailSettings.Config.class,
                "agentRingSeconds", 0, "silenceSeconds", -5, "maxSeconds", 60, "agentVoicemail", false));

        assertThat(settings.agentRingTime()).isEqualTo(VoicemailSettings.DEFAULTS.agentRingTime());
        assertThat(settings.silence()).isEqualTo(VoicemailSettings.DEFAULTS.silence());
        assertThat(settings.maxLength()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.agentVoicemail()).isFalse();
    }
}
