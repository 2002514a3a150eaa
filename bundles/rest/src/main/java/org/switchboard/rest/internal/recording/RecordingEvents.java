package org.switchboard.rest.internal.recording;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;
import org.switchboard.api.recording.Recording;

/**
 * Tells the rest of the system that an agent marked a recording heard or unheard, so that phones'
 * message-waiting lights and other open inboxes update (the recording bundle publishes deletes).
 */
public final class RecordingEvents {
    /** Whether the recording is now heard ({@link Topics#RECORDING_UPDATED}). */
    public static final String HEARD = "heard";

    private final Supplier<Optional<EventAdmin>> eventAdmin;

    public RecordingEvents(Supplier<Optional<EventAdmin>> eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    public void heardChanged(Recording recording, boolean heard) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventProperties.RECORDING_ID, recording.id().toString());
        properties.put(EventProperties.CALL_ID, recording.callId().toString());
        properties.put(EventProperties.KIND, recording.kind().name());
        recording.agentId().map(UUID::toString).ifPresent(id -> properties.put(EventProperties.AGENT_ID, id));
        recording.groupId().map(UUID::toString).ifPresent(id -> properties.put(EventProperties.GROUP_ID, id));
        properties.put(EventProperties.DELETED, false);
        properties.put(HEARD, heard);
        eventAdmin.get().ifPresent(admin -> admin.postEvent(new Event(Topics.RECORDING_UPDATED, properties)));
    }
}
