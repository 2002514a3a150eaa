package org.switchboard.sip.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.media.MediaService;
import org.switchboard.core.internal.CallLogRecorder;
import org.switchboard.core.internal.CallStateMachine;

/**
 * Core's real call state machine, wired as in Karaf (the B2BUA as its SIP driver, the media engine
 * it plans on), with the events it published: what the B2BUA's tests check core against.
 */
final class RealCore {
    final CallStateMachine calls = new CallStateMachine(new CallLogRecorder());
    final List<Event> events = new CopyOnWriteArrayList<>();

    RealCore(MediaService media) {
        calls.setMediaService(media);
        calls.setEventAdmin(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                events.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                events.add(event);
            }
        });
    }

    /** The SIP driver core calls; a restarted SIP server brings a new one. */
    void drivenBy(LegDriver sip) {
        calls.addLegDriver(sip, Map.of(LegDriver.KIND_PROPERTY, sip.kind().name()));
    }

    void notDrivenBy(LegDriver sip) {
        calls.removeLegDriver(sip);
    }

    /** Every call core published an event of, live or ended, in the order they opened. */
    List<Call> all() {
        return events.stream().map(e -> (String) e.getProperty(EventProperties.CALL_ID)).filter(id -> id != null)
                .distinct().map(id -> calls.find(UUID.fromString(id))).flatMap(Optional::stream).toList();
    }

    /** The topics published about the call, in order. */
    List<String> topics(UUID callId) {
        return events.stream().filter(e -> callId.toString().equals(e.getProperty(EventProperties.CALL_ID)))
                .map(Event::getTopic).toList();
    }

    void stop() {
        calls.deactivate();
    }
}
