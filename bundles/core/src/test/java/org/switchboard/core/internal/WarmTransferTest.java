package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;

class WarmTransferTest {
    private final CallFixture f = new CallFixture();
    private final CallFixture.Bridge b = f.bridged();

    @Test
    void consultHoldsTheCustomerAndRingsTheTargetOnASeparateCall() {
        Call consultation = f.calls.consult(b.agentLeg(), LegKind.WEBRTC, f.bob());

        assertThat(consultation.consultOf()).contains(b.callId());
        assertThat(consultation.direction()).isEqualTo(CallDirection.INTERNAL);
        assertThat(consultation.state()).isEqualTo(CallState.RINGING);
        assertThat(consultation.caller().agentId()).contains(f.alice);
        assertThat(consultation.legs()).extracting(Leg::role, Leg::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LegRole.CALLER, LegState.RINGING),
                        org.assertj.core.groups.Tuple.tuple(LegRole.CALLEE, LegState.DIALING));
        Call original = f.call(b.callId());
        assertThat(original.state()).isEqualTo(CallState.HELD);
        assertThat(original.leg(b.customerLeg()).orElseThrow().held()).isTrue();
        assertThat(f.sip.commands).endsWith("hold " + b.customerLeg());
        Leg target = consultation.legs().get(1);
        assertThat(f.webrtc.commands).contains("dial " + target.id());
        assertThat(f.lastEvent(Topics.CALL_RINGING).getProperty(EventProperties.CALL_ID))
                .isEqualTo(consultation.id().toString());
        assertThat(f.calls.active()).extracting(Call::id).containsExactly(b.callId(), consultation.id());
    }

    @Test
    void completeTransferJoinsTheTargetToTheCustomerAndTheTransferorLeaves() {
        Call consultation = f.calls.consult(b.agentLeg(), LegKind.WEBRTC, f.bob());
        Leg bobLeg = targetLeg(consultation);
        f.calls.legAnswered(bobLeg.id());

        Call transferred = f.calls.completeTransfer(consultation.id());

        assertThat(transferred.id()).isEqualTo(b.callId());
        assertThat(transferred.state()).isEqualTo(CallState.ACTIVE);
        assertThat(transferred.liveLegs()).extracting(Leg::id).containsExactlyInAnyOrder(b.customerLeg(), bobLeg.id());
        assertThat(transferred.leg(b.customerLeg()).orElseThrow().held()).isFalse();
        assertThat(transferred.leg(b.agentLeg()).orElseThrow().endReason()).contains(EndReason.TRANSFERRED);
        Call consultAfter = f.call(consultation.id());
        assertThat(consultAfter.state()).isEqualTo(CallState.ENDED);
        assertThat(consultAfter.endReason()).contains(EndReason.TRANSFERRED);
        assertThat(f.calls.findByLeg(bobLeg.id()).orElseThrow().id()).isEqualTo(b.callId());
        assertThat(f.sip.commands).endsWith("resume " + b.customerLeg());
        assertThat(f.webrtc.commands).contains(
                "release " + b.agentLeg() + " TRANSFERRED",
                "release " + CallFixture.callerLeg(consultation).id() + " TRANSFERRED");
        Event event = f.lastEvent(Topics.CALL_TRANSFERRED);
        assertThat(event.getProperty(EventProperties.CALL_ID)).isEqualTo(b.callId().toString());
        assertThat(event.getProperty(EventProperties.AGENT_IDS)).isEqualTo(f.bob.toString());
        assertThat(event.getProperty(EventProperties.AGENT_ID)).as("the transferor hears of it").isEqualTo(f.alice.toString());
        assertThat(f.events.topics()).endsWith(Topics.CALL_TRANSFERRED, Topics.CALL_ENDED);
    }

    @Test
    void theTransferredCallEndsNormallyAndIsLoggedOnce() {
        Call consultation = f.calls.consult(b.agentLeg(), LegKind.WEBRTC, f.bob());
        Leg bobLeg = targetLeg(consultation);
        f.calls.legAnswered(bobLeg.id());
        f.calls.completeTransfer(consultation.id());

        Call ended = f.calls.legEnded(bobLeg.id(), EndReason.CALLEE_HANGUP);

        assertThat(ended.endReason()).contains(EndReason.CALLEE_HANGUP);
        assertThat(f.sip.commands).endsWith("release " + b.customerLeg() + " CALLEE_HANGUP");
        assertThat(f.store.logs).containsOnlyKeys(b.callId());
    }

    @Test
    void completingBeforeTheTargetAnswersIsIllegal() {
        Call consultation = f.calls.consult(b.agentLeg(), LegKind.WEBRTC, f.bob());

        assertThatThrownBy(() -> f.calls.completeTransfer(consultation.id()))
                .isInstanceOf(IllegalCallStateException.class);
        assertThat(f.call(b.callId()).state()).isEqualTo(CallState.HELD);
    }

    @Test
    void cancelTransferEndsTheConsultationAndResumesTheCustomer() {
        Call consultation = f.calls.consult(b.agentLeg(), LegKind.WEBRTC, f.bob());
        Leg bobLeg = targetLeg(consultation);
        f.calls.legAnswered(bobLeg.id());

        Call original = f.calls.cancelTransfer(consultation.id());

        assertThat(original.id()).isEqualTo(b.callId());
        assertThat(original.state()).isEqualTo(CallState.ACTIVE);
        assertThat(original.leg(b.customerLeg()).orElseThrow().held()).isFalse();
        assertThat(original.leg(b.agentLeg()).orElseThrow().state()).isEqualTo(LegState.ANSWERED);
        assertThat(f.call(consultation.id()).endReason()).contains(EndReason.CALLER_HANGUP);
        assertThat(f.webrtc.commands).endsWith("release " + bobLeg.id() + " CALLER_HANGUP");
        assertThat(f.sip.commands).endsWith("resume " + b.customerLeg());
        assertThat(f.lastEvent(Topics.CALL_RESUMED).getProperty(EventProperties.LEG_ID))
                .isEqualTo(b.customerLeg().toString());
    }

    @Test
    void cancellingAnUnansweredConsultationCancelsTheTarget() {
        Call consultation = f.calls.consult(b.agentLeg(), LegKind.WEBRTC, f.bob());

        f.calls.cancelTransfer(consultation.id());

        assertThat(f.call(consultation.id()).endReason()).contains(EndReason.CANCELLED);
        assertThat(f.store.logs).doesNotContainKey(consultation.id());
    }

    @Test
    void aSecondConsultationWhileOneIsLiveIsIllegal() {
        f.calls.consult(b.agentLeg(), LegKind.WEBRTC, f.bob());

        assertThatThrownBy(() -> f.calls.consult(b.agentLeg(), LegKind.WEBRTC, f.carol()))
                .isInstanceOf(IllegalCallStateException.class);
    }

    @Test
    void transferStepsOnACallThatIsNoConsultationAreIllegal() {
        assertThatThrownBy(() -> f.calls.completeTransfer(b.callId())).isInstanceOf(IllegalCallStateException.class);
        assertThatThrownBy(() -> f.calls.cancelTransfer(b.callId())).isInstanceOf(IllegalCallStateException.class);
    }

    @Test
    void completingAfterTheCustomerLeftIsIllegal() {
        Call consultation = f.calls.consult(b.agentLeg(), LegKind.WEBRTC, f.bob());
        f.calls.legAnswered(targetLeg(consultation).id());
        f.calls.legEnded(b.customerLeg(), EndReason.CALLER_HANGUP);

        assertThatThrownBy(() -> f.calls.completeTransfer(consultation.id()))
                .isInstanceOf(IllegalCallStateException.class);
        assertThat(f.call(consultation.id()).state()).isEqualTo(CallState.ACTIVE);
    }

    private static Leg targetLeg(Call consultation) {
        return consultation.legs().stream().filter(l -> l.role() == LegRole.CALLEE).findFirst().orElseThrow();
    }
}
