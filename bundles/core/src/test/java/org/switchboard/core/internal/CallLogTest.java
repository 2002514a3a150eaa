package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;

class CallLogTest {
    private final CallFixture f = new CallFixture();

    @Test
    void answeredCallIsLoggedWithItsTalkTime() {
        Instant start = f.clock.instant();
        Call call = f.inbound();
        Leg aliceLeg = f.offer(call, f.alice());
        f.clock.advance(Duration.ofSeconds(5));
        f.calls.legAnswered(aliceLeg.id());
        f.clock.advance(Duration.ofSeconds(90));

        f.calls.legEnded(CallFixture.callerLeg(call).id(), EndReason.CALLER_HANGUP);

        CallLog log = f.store.find(call.id()).orElseThrow();
        assertThat(log.direction()).isEqualTo(CallDirection.INBOUND);
        assertThat(log.from()).isEqualTo("+15551230001");
        assertThat(log.to()).isEqualTo("+15550100");
        assertThat(log.agentId()).contains(f.alice);
        assertThat(log.startedAt()).isEqualTo(start);
        assertThat(log.answeredAt()).contains(start.plusSeconds(5));
        assertThat(log.endedAt()).isEqualTo(start.plusSeconds(95));
        assertThat(log.talkTime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(log.disposition()).isEqualTo(Disposition.ANSWERED);
        assertThat(log.subject()).isEmpty();
        assertThat(log.notes()).isEmpty();
        assertThat(f.store.onlyEntry().callLogId()).isEqualTo(call.id());
    }

    @Test
    void cancelledCallIsMissedByTheFirstOfferedAgent() {
        Call call = f.inbound();
        f.offer(call, f.alice());
        f.offer(call, f.bob());
        f.clock.advance(Duration.ofSeconds(12));

        f.calls.legEnded(CallFixture.callerLeg(call).id(), EndReason.CANCELLED);

        CallLog log = f.store.find(call.id()).orElseThrow();
        assertThat(log.disposition()).isEqualTo(Disposition.MISSED);
        assertThat(log.agentId()).contains(f.alice);
        assertThat(log.talkTime()).isZero();
        assertThat(log.answeredAt()).isEmpty();
    }

    @Test
    void unansweredOffersGiveTheirDisposition() {
        assertThat(dispositionWhenTheOnlyOfferEnds(EndReason.NO_ANSWER)).isEqualTo(Disposition.MISSED);
        assertThat(dispositionWhenTheOnlyOfferEnds(EndReason.REJECTED)).isEqualTo(Disposition.REJECTED);
        assertThat(dispositionWhenTheOnlyOfferEnds(EndReason.BUSY)).isEqualTo(Disposition.BUSY);
        assertThat(dispositionWhenTheOnlyOfferEnds(EndReason.FAILED)).isEqualTo(Disposition.FAILED);
    }

    @Test
    void answeredCallStaysAnsweredWhenItsTransferFails() {
        CallFixture.Bridge b = f.bridged();
        Leg bobLeg = f.calls.blindTransfer(b.agentLeg(), LegKind.WEBRTC, f.bob());

        f.calls.legEnded(bobLeg.id(), EndReason.BUSY);

        assertThat(f.store.find(b.callId()).orElseThrow().disposition()).isEqualTo(Disposition.ANSWERED);
    }

    @Test
    void outboundCallIsLoggedForTheCallingAgent() {
        Call call = f.calls.open(CallDirection.OUTBOUND, LegKind.WEBRTC, f.alice(), "+442079460958", Optional.empty());
        Leg trunk = f.calls.addLeg(call.id(), LegKind.SIP, Party.external(CallFixture.CUSTOMER));
        f.calls.legAnswered(trunk.id());

        f.calls.hangup(call.id(), EndReason.CALLER_HANGUP);

        CallLog log = f.store.find(call.id()).orElseThrow();
        assertThat(log.agentId()).contains(f.alice);
        assertThat(log.from()).isEqualTo("sip:alice@switchboard.local");
        assertThat(log.to()).isEqualTo("+442079460958");
    }

    @Test
    void anUnansweredCallAnAgentPlacedToAColleagueIsTheCallersNotTheColleagues() {
        Call call = f.calls.open(CallDirection.INTERNAL, LegKind.WEBRTC, f.alice(), "1002", Optional.empty());
        f.offer(call, f.bob());

        f.calls.hangup(call.id(), EndReason.CANCELLED);

        assertThat(f.store.logs.get(call.id()).agentId()).contains(f.alice);
    }

    @Test
    void storeFailureKeepsTheLogInMemoryUntilTheStoreIsBack() {
        f.store.failing = true;
        CallFixture.Bridge b = f.bridged();

        Call ended = f.calls.legEnded(b.customerLeg(), EndReason.CALLER_HANGUP);

        assertThat(ended.state()).isEqualTo(CallState.ENDED);
        assertThat(f.store.logs).isEmpty();
        assertThat(f.recorder.waitingCount()).isEqualTo(1);

        f.recorder.flush(); // still down: nothing lost
        assertThat(f.recorder.waitingCount()).isEqualTo(1);

        f.store.failing = false;
        f.recorder.flush();
        assertThat(f.store.logs).containsOnlyKeys(b.callId());
        assertThat(f.recorder.waitingCount()).isZero();
    }

    @Test
    void logsWaitWhileNoStoreIsBoundAndAreStoredWhenItComes() {
        f.recorder.unsetCallLogRepository(f.store);
        CallFixture.Bridge b = f.bridged();
        f.calls.hangup(b.callId(), EndReason.CALLER_HANGUP);
        assertThat(f.recorder.waitingCount()).isEqualTo(1);

        f.recorder.setCallLogRepository(f.store);
        f.recorder.flush();

        assertThat(f.store.logs).containsOnlyKeys(b.callId());
    }

    private Disposition dispositionWhenTheOnlyOfferEnds(EndReason reason) {
        Call call = f.inbound();
        Leg leg = f.offer(call, f.alice());
        f.calls.legEnded(leg.id(), reason);
        return f.store.find(call.id()).orElseThrow().disposition();
    }
}
