package org.switchboard.core.internal;

import org.switchboard.testing.MutableClock;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.event.Event;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.Party;
import org.switchboard.api.number.E164;

/**
 * A call state machine wired to recording fakes: a SIP driver for the customer's trunk leg, a
 * WebRTC driver for agents' browser legs, an event recorder and an in-memory store.
 */
final class CallFixture {
    static final E164 CUSTOMER = E164.of("+15551230001");
    static final String MAIN_NUMBER = "+15550100";

    final MutableClock clock = new MutableClock();
    final RecordingEventAdmin events = new RecordingEventAdmin();
    final RecordingLegDriver sip = new RecordingLegDriver(LegKind.SIP);
    final RecordingLegDriver webrtc = new RecordingLegDriver(LegKind.WEBRTC);
    final InMemoryCallLogs store = new InMemoryCallLogs(clock);
    final CallLogRecorder recorder = new CallLogRecorder(Runnable::run);
    final ManualRingTimer ringTimer = new ManualRingTimer();
    final CrmConnectorRegistry crm = new CrmConnectorRegistry();
    final CallStateMachine calls;
    final RecordingMediaService media = new RecordingMediaService();
    final InMemoryRecordings recordings = new InMemoryRecordings();
    /** The endpoint each leg's adapter attached, by leg id. */
    final Map<UUID, UUID> endpoints = new HashMap<>();
    final UUID alice = UUID.randomUUID();
    final UUID bob = UUID.randomUUID();
    final UUID carol = UUID.randomUUID();

    CallFixture() {
        this(VoicemailSettings.DEFAULTS);
    }

    CallFixture(VoicemailSettings voicemail) {
        calls = new CallStateMachine(recorder, clock, ringTimer, new CallerMatcher(crm, Runnable::run), voicemail);
        calls.setRecordingRepository(recordings);
        recorder.setCallLogRepository(store);
        calls.setEventAdmin(events);
        calls.addLegDriver(sip, Map.of(LegDriver.KIND_PROPERTY, "SIP"));
        calls.addLegDriver(webrtc, Map.of(LegDriver.KIND_PROPERTY, "WEBRTC"));
        calls.setMediaService(media);
    }

    /** The leg's adapter hands core a new endpoint for it, as when its far end answers. */
    UUID attach(UUID legId) {
        UUID endpoint = UUID.randomUUID();
        endpoints.put(legId, endpoint);
        calls.attachMedia(legId, endpoint);
        return endpoint;
    }

    UUID endpoint(UUID legId) {
        return endpoints.get(legId);
    }

    static Party agentParty(UUID agentId, String name) {
        return Party.agent(agentId, "sip:" + name + "@switchboard.local", name);
    }

    Party alice() {
        return agentParty(alice, "alice");
    }

    Party bob() {
        return agentParty(bob, "bob");
    }

    Party carol() {
        return agentParty(carol, "carol");
    }

    /** The customer calls the main number. */
    Call inbound() {
        return calls.open(CallDirection.INBOUND, LegKind.SIP, Party.external(CUSTOMER), MAIN_NUMBER, Optional.empty());
    }

    Leg offer(Call call, Party agent) {
        return calls.addLeg(call.id(), LegKind.WEBRTC, agent);
    }

    /** The customer talking to alice. */
    Bridge bridged() {
        Call call = inbound();
        Leg agentLeg = offer(call, alice());
        attach(agentLeg.id());
        calls.legAnswered(agentLeg.id());
        attach(callerLeg(call).id());
        return new Bridge(call.id(), callerLeg(call).id(), agentLeg.id());
    }

    record Bridge(UUID callId, UUID customerLeg, UUID agentLeg) {}

    static Leg callerLeg(Call call) {
        return call.legs().stream().filter(l -> l.role() == LegRole.CALLER).findFirst().orElseThrow();
    }

    Call call(UUID callId) {
        return calls.find(callId).orElseThrow();
    }

    Leg leg(UUID legId) {
        return calls.findByLeg(legId).flatMap(c -> c.leg(legId)).orElseThrow();
    }

    Event lastEvent(String topic) {
        return events.last(topic);
    }
}
