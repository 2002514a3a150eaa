package org.switchboard.recording.internal;

import java.util.HashMap;
import java.util.Map;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;
import org.switchboard.api.recording.Recording;

/** What this bundle tells the rest of the system; property values are strings, numbers and booleans only. */
final class RecordingEvents {
    private final EventAdmin eventAdmin;

    RecordingEvents(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    void ready(Recording recording) {
        eventAdmin.postEvent(new Event(Topics.RECORDING_READY, describe(recording)));
    }

    void deleted(Recording recording) {
        Map<String, Object> properties = describe(recording);
        properties.put(EventProperties.DELETED, true);
        eventAdmin.postEvent(new Event(Topics.RECORDING_UPDATED, properties));
    }

    void lowOnSpace(long freeBytes) {
        eventAdmin.postEvent(new Event(Topics.RECORDING_STORAGE_ALERT, Map.of(StorageHealth.FREE_BYTES, freeBytes)));
    }

    private static Map<String, Object> describe(Recording recording) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventProperties.RECORDING_ID, recording.id().toString());
        properties.put(EventProperties.CALL_ID, recording.callId().toString());
        properties.put(EventProperties.KIND, recording.kind().name());
        recording.agentId().ifPresent(id -> properties.put(EventProperties.AGENT_ID, id.toString()));
        recording.groupId().ifPresent(id -> properties.put(EventProperties.GROUP_ID, id.toString()));
        return properties;
    }
}
