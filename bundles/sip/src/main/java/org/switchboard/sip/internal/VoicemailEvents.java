package org.switchboard.sip.internal;

import java.util.Optional;
import java.util.UUID;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;
import org.switchboard.api.recording.RecordingKind;

/**
 * A voicemail became playable, was marked heard or unheard, or was deleted ({@link Topics#RECORDING_READY},
 * {@link Topics#RECORDING_UPDATED} with {@code kind=VOICEMAIL}): the lamps of the agent, or of every member of
 * the group, follow. Returns at once; the counting and NOTIFYs happen on the SIP workers.
 */
final class VoicemailEvents implements EventHandler {
    static final String[] TOPICS = {Topics.RECORDING_READY, Topics.RECORDING_UPDATED};
    static final String FILTER = "(" + EventProperties.KIND + "=" + RecordingKind.VOICEMAIL.name() + ")";
    private static final Logger LOG = LoggerFactory.getLogger(VoicemailEvents.class);

    private final MessageWaiting lamps;

    VoicemailEvents(MessageWaiting lamps) {
        this.lamps = lamps;
    }

    @Override
    public void handleEvent(Event event) {
        if (!RecordingKind.VOICEMAIL.name().equals(String.valueOf(event.getProperty(EventProperties.KIND)))) {
            return;
        }
        Optional<UUID> agent = id(event, EventProperties.AGENT_ID);
        Optional<UUID> group = id(event, EventProperties.GROUP_ID);
        if (agent.isPresent() || group.isPresent()) {
            lamps.voicemailChanged(agent, group);
        }
    }

    private static Optional<UUID> id(Event event, String property) {
        Object value = event.getProperty(property);
        if (value == null || String.valueOf(value).isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(String.valueOf(value).trim()));
        } catch (IllegalArgumentException e) {
            LOG.debug("sip: {} {} is not an id: {}", event.getTopic(), property, value);
            return Optional.empty();
        }
    }
}
