package org.switchboard.rest.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.switchboard.api.event.Topics;

class EventMessagesTest {
    private static final Map<String, List<String>> GROUPS = Map.of("support", List.of("alice", "bob"));

    @Test
    void aGroupsVoicemailReachesEveryMember() {
        var message = EventMessages.of(new Event(Topics.RECORDING_READY,
                Map.of("recordingId", "r1", "callId", "c1", "kind", "VOICEMAIL", "groupId", "support")),
                group -> GROUPS.getOrDefault(group, List.of())).orElseThrow();

        assertThat(message.audience()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(message.body()).containsEntry("type", "recording").containsEntry("event", "READY")
                .containsEntry("recordingId", "r1").containsEntry("groupId", "support");
    }

    @Test
    void aCallRecordingReachesItsAgentOnlyEvenWhenItCameThroughAGroup() {
        var message = EventMessages.of(new Event(Topics.RECORDING_UPDATED,
                Map.of("recordingId", "r1", "kind", "CALL", "agentId", "carl", "groupId", "support")),
                group -> GROUPS.getOrDefault(group, List.of())).orElseThrow();

        assertThat(message.audience()).containsExactly("carl");
    }

    @Test
    void aStorageAlertGoesToSupervisorsOnly() {
        var message = EventMessages.of(new Event(Topics.RECORDING_STORAGE_ALERT, Map.of("freeBytes", 1024L)),
                group -> List.of()).orElseThrow();

        assertThat(message.audience()).isEqualTo(Set.of("")); // nobody's id: only supervisors see every message
    }

    @Test
    void callRecordingAndVoicemailEventsGoToTheAgentsOnTheCall() {
        var message = EventMessages.of(new Event(Topics.CALL_VOICEMAIL,
                Map.of("callId", "c1", "agentIds", "alice,bob", "groupId", "support", "kind", "VOICEMAIL")),
                group -> List.of("zed")).orElseThrow();

        assertThat(message.body()).containsEntry("type", "call").containsEntry("event", "VOICEMAIL");
        assertThat(message.audience()).containsExactlyInAnyOrder("alice", "bob");
    }
}
