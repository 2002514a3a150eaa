package org.switchboard.core.internal;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * How voicemail behaves ({@code etc/org.switchboard.core.voicemail.cfg}); a group's own
 * {@code voicemailAfter} decides when its calls go to the group's box.
 */
record VoicemailSettings(boolean agentVoicemail, Duration agentRingTime, Duration silence, Duration maxLength) {
    private static final Logger LOG = LoggerFactory.getLogger(VoicemailSettings.class);

    static final VoicemailSettings DEFAULTS =
            new VoicemailSettings(true, Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(180));

    @ObjectClassDefinition(name = "Switchboard voicemail", description = "When calls go to voicemail and how long a message may be")
    public @interface Config {
        @AttributeDefinition(description = "Calls to an agent (extension or DID) go to the agent's voicemail when unanswered")
        boolean agentVoicemail() default true;

        @AttributeDefinition(description = "Seconds a call to one agent rings before it goes to their voicemail")
        int agentRingSeconds() default 20;

        @AttributeDefinition(description = "A message ends after this many seconds of silence")
        int silenceSeconds() default 10;

        @AttributeDefinition(description = "Longest message, in seconds")
        int maxSeconds() default 180;
    }

    VoicemailSettings withoutAgentVoicemail() {
        return new VoicemailSettings(false, agentRingTime, silence, maxLength);
    }

    /** A value out of range is logged and replaced by its default: call control must start whatever the file says. */
    static VoicemailSettings of(Config config) {
        return new VoicemailSettings(config.agentVoicemail(),
                seconds(config.agentRingSeconds(), "agentRingSeconds", DEFAULTS.agentRingTime()),
                seconds(config.silenceSeconds(), "silenceSeconds", DEFAULTS.silence()),
                seconds(config.maxSeconds(), "maxSeconds", DEFAULTS.maxLength()));
    }

    private static Duration seconds(int seconds, String key, Duration otherwise) {
        if (seconds < 1) {
            LOG.warn("Voicemail: {} must be at least 1, not {}; {} s applies", key, seconds, otherwise.toSeconds());
            return otherwise;
        }
        return Duration.ofSeconds(seconds);
    }
}
