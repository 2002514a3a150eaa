package org.switchboard.rest.internal.ws;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.osgi.service.event.Event;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.recording.RecordingKind;

/** Turns EventAdmin events into the JSON messages WebSocket clients receive. */
final class EventMessages {
    private static final String CALL_PREFIX = "org/switchboard/call/";
    private static final String AGENT_PREFIX = "org/switchboard/agent/";
    private static final String RECORDING_PREFIX = "org/switchboard/recording/";

    /** A message and the agents it concerns (empty = everyone may see it). */
    record Message(Map<String, Object> body, Set<String> audience) {}

    private EventMessages() {}

    /** Without group voicemail reaching group members (tests of call and presence events). */
    static Optional<Message> of(Event event) {
        return of(event, group -> List.of());
    }

    /**
     * {@code groupMembers}: the agent ids of a group, by group id, so that a group's voicemail reaches
     * every member's inbox.
     */
    static Optional<Message> of(Event event, Function<String, Collection<String>> groupMembers) {
        String topic = event.getTopic();
        String type;
        if (topic.startsWith(CALL_PREFIX)) {
            type = "call";
        } else if (topic.startsWith(AGENT_PREFIX)) {
            type = "agent";
        } else if (topic.startsWith(RECORDING_PREFIX)) {
            type = "recording";
        } else {
            return Optional.empty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("event", topic.substring(topic.lastIndexOf('/') + 1));
        for (String name : event.getPropertyNames()) {
            Object value = event.getProperty(name);
            if (!name.contains(".") && isPlain(value)) { // EventAdmin adds bundle.*, event.* itself
                body.put(name, value);
            }
        }
        return Optional.of(new Message(body, "call".equals(type) || "recording".equals(type)
                ? audience(event, "recording".equals(type) ? groupMembers : group -> List.of()) : Set.of()));
    }

    private static Set<String> audience(Event event, Function<String, Collection<String>> groupMembers) {
        Set<String> ids = new java.util.HashSet<>();
        if (RecordingKind.VOICEMAIL.name().equals(event.getProperty(EventProperties.KIND))
                && event.getProperty(EventProperties.GROUP_ID) instanceof String group) {
            ids.addAll(groupMembers.apply(group)); // a group's voicemail is every member's
        }
        if (event.getProperty(EventProperties.AGENT_IDS) instanceof String list && !list.isBlank()) {
            ids.addAll(Arrays.stream(list.split(",")).map(String::trim).collect(Collectors.toSet()));
        }
        if (event.getProperty(EventProperties.AGENT_ID) instanceof String id) {
            ids.add(id);
        }
        // an event for nobody in particular goes to supervisors only
        return ids.isEmpty() ? Set.of("") : ids;
    }

    private static boolean isPlain(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }
}
