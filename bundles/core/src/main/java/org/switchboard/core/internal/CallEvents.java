package org.switchboard.core.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.Leg;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.number.E164;

/**
 * Turns call snapshots into EventAdmin events. {@code agentIds} lists the agents with a live leg
 * after the change (who is ringing or connected); on ENDED it lists every agent that had a leg.
 */
final class CallEvents {
    private final EventSink sink;
    private final Clock clock;

    CallEvents(EventSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * {@code leaving}: an agent whose leg this change ended, told as {@code agentId} (not among the
     * agents on the call, so their presence is not held BUSY): a transferor's panel learns the call
     * went on without them.
     */
    void publish(String topic, Call call, Optional<UUID> legId, Optional<UUID> leaving) {
        Map<String, Object> p = new HashMap<>();
        p.put(EventProperties.CALL_ID, call.id().toString());
        p.put(EventProperties.STATE, call.state().name());
        p.put(EventProperties.DIRECTION, call.direction().name());
        p.put(EventProperties.FROM, from(call));
        p.put(EventProperties.TO, call.dialed());
        p.put(EventProperties.AGENT_IDS, agentIds(call));
        p.put(EventProperties.TIMESTAMP, clock.millis());
        legId.flatMap(call::leg).ifPresent(leg -> {
            p.put(EventProperties.LEG_ID, leg.id().toString());
            p.put(EventProperties.HELD, leg.held());
            p.put(EventProperties.MUTED, leg.muted());
            leg.endReason().ifPresent(r -> p.put(EventProperties.REASON, r.name()));
        });
        call.endReason().ifPresent(r -> p.put(EventProperties.REASON, r.name()));
        leaving.ifPresent(agent -> p.put(EventProperties.AGENT_ID, agent.toString()));
        call.contact().ifPresent(contact -> {
            p.put(EventProperties.CONTACT_ID, contact.id());
            p.put(EventProperties.CONTACT_NAME, contact.name());
        });
        sink.post(topic, p);
    }

    static String from(Call call) {
        return call.caller().number().map(E164::value).orElse(call.caller().address());
    }

    private static String agentIds(Call call) {
        List<Leg> legs = call.state() == CallState.ENDED ? call.legs() : call.liveLegs();
        return legs.stream()
                .map(l -> l.party().agentId())
                .flatMap(Optional::stream)
                .map(UUID::toString)
                .distinct()
                .collect(Collectors.joining(","));
    }
}
