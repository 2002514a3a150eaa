package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.media.Tone;

/**
 * Core decides what every endpoint hears, whatever the kinds of the legs: checked on a media
 * engine stand-in that keeps the state the real engine would be in.
 */
class MediaPlanTest {
    private final CallFixture f = new CallFixture();

    @Test
    void theAnsweredPartiesAreBridgedOnceBothEndpointsAreAttached() {
        Call call = f.inbound();
        Leg alice = f.offer(call, f.alice());
        UUID aliceSide = f.attach(alice.id());
        f.calls.legAnswered(alice.id());
        assertThat(f.media.hears(aliceSide)).as("the caller's audio is not up yet").isEmpty();

        UUID customerSide = f.attach(CallFixture.callerLeg(call).id());

        assertThat(f.media.hears(aliceSide)).containsExactly(customerSide);
        assertThat(f.media.hears(customerSide)).containsExactly(aliceSide);
        assertThat(f.media.tone(customerSide)).isEmpty();
    }

    @Test
    void aCallerWaitingForTheCalleeHearsRingbackThenTheCallee() {
        Call call = f.calls.open(CallDirection.OUTBOUND, LegKind.SIP, f.alice(), "+15557770000", Optional.empty());
        UUID aliceSide = f.attach(CallFixture.callerLeg(call).id()); // click-to-call: alice picked up her phone
        assertThat(f.media.tone(aliceSide)).contains(Tone.RINGBACK);

        Leg trunk = f.calls.addLeg(call.id(), LegKind.SIP, Party.external(CallFixture.CUSTOMER));
        UUID trunkSide = f.attach(trunk.id());
        f.calls.legAnswered(trunk.id());

        assertThat(f.media.tone(aliceSide)).isEmpty();
        assertThat(f.media.hears(aliceSide)).containsExactly(trunkSide);
    }

    @Test
    void theHeldPartyHearsMusicAndTheOtherHearsNothingUntilResumed() {
        CallFixture.Bridge b = f.bridged();
        UUID customerSide = f.endpoint(b.customerLeg());
        UUID aliceSide = f.endpoint(b.agentLeg());

        f.calls.hold(b.customerLeg());

        assertThat(f.media.tone(customerSide)).contains(Tone.HOLD_MUSIC);
        assertThat(f.media.hears(customerSide)).isEmpty();
        assertThat(f.media.hears(aliceSide)).as("alice does not overhear the held customer").isEmpty();

        f.calls.resume(b.customerLeg());

        assertThat(f.media.tone(customerSide)).isEmpty();
        assertThat(f.media.hears(customerSide)).containsExactly(aliceSide);
    }

    @Test
    void blindTransferPlaysRingbackToTheRemainingPartyUntilTheTargetAnswers() {
        CallFixture.Bridge b = f.bridged();
        UUID customerSide = f.endpoint(b.customerLeg());

        Leg bob = f.calls.blindTransfer(b.agentLeg(), LegKind.WEBRTC, f.bob());
        assertThat(f.media.tone(customerSide)).contains(Tone.RINGBACK);

        UUID bobSide = f.attach(bob.id());
        f.calls.legAnswered(bob.id());

        assertThat(f.media.tone(customerSide)).isEmpty();
        assertThat(f.media.hears(customerSide)).containsExactly(bobSide);
    }

    @Test
    void warmTransferHoldsTheCustomerBridgesTheConsultationThenJoinsCustomerAndTarget() {
        CallFixture.Bridge b = f.bridged();
        UUID customerSide = f.endpoint(b.customerLeg());
        UUID aliceSide = f.endpoint(b.agentLeg());

        Call consultation = f.calls.consult(b.agentLeg(), LegKind.WEBRTC, f.bob());
        assertThat(f.media.tone(customerSide)).contains(Tone.HOLD_MUSIC);
        assertThat(f.media.tone(aliceSide)).as("alice hears bob's phone ring").contains(Tone.RINGBACK);

        UUID bobSide = bobAnswers(consultation);
        assertThat(f.media.hears(aliceSide)).as("alice talks to bob").containsExactly(bobSide);
        assertThat(f.media.hears(customerSide)).as("the customer overhears nothing").isEmpty();

        f.calls.completeTransfer(consultation.id());

        assertThat(f.media.tone(customerSide)).isEmpty();
        assertThat(f.media.hears(customerSide)).containsExactly(bobSide);
    }

    @Test
    void aCancelledConsultationGivesTheCustomerBackToTheTransferor() {
        CallFixture.Bridge b = f.bridged();
        UUID customerSide = f.endpoint(b.customerLeg());
        UUID aliceSide = f.endpoint(b.agentLeg());
        Call consultation = f.calls.consult(b.agentLeg(), LegKind.WEBRTC, f.bob());
        bobAnswers(consultation);

        f.calls.cancelTransfer(consultation.id());

        assertThat(f.media.tone(customerSide)).isEmpty();
        assertThat(f.media.hears(customerSide)).containsExactly(aliceSide);
    }

    @Test
    void theSimulatedCallersPartnerHearsItsPromptAndSilenceWhileHoldingIt() {
        Call call = f.calls.open(CallDirection.INBOUND, LegKind.INTERNAL, Party.external(CallFixture.CUSTOMER),
                CallFixture.MAIN_NUMBER, Optional.of(CallFixture.CUSTOMER));
        Leg alice = f.offer(call, f.alice());
        UUID aliceSide = f.attach(alice.id());
        f.calls.legAnswered(alice.id());

        assertThat(f.media.tone(aliceSide)).contains(Tone.PROMPT);

        f.calls.hold(CallFixture.callerLeg(call).id());
        assertThat(f.media.tone(aliceSide)).isEmpty();
    }

    @Test
    void aPartyWhoseDeviceWentAwayIsWaitedForWithMusicAndComesBackOnItsNewEndpoint() {
        CallFixture.Bridge b = f.bridged();
        UUID customerSide = f.endpoint(b.customerLeg());

        f.calls.detachMedia(b.agentLeg());
        assertThat(f.media.tone(customerSide)).contains(Tone.HOLD_MUSIC);
        assertThat(f.media.hears(customerSide)).isEmpty();

        UUID reloadedTab = f.attach(b.agentLeg());

        assertThat(f.media.tone(customerSide)).isEmpty();
        assertThat(f.media.hears(customerSide)).containsExactly(reloadedTab);
    }

    @Test
    void mutingReachesTheEndpointAndAChangeThatLeavesTheMediaAloneMakesNoMediaCall() {
        CallFixture.Bridge b = f.bridged();
        f.calls.mute(b.agentLeg(), true);
        assertThat(f.media.muted(f.endpoint(b.agentLeg()))).isTrue();
        int before = f.media.calls;

        f.calls.assignGroup(b.callId(), UUID.randomUUID());

        assertThat(f.media.calls).isEqualTo(before);
        assertThat(f.media.hears(f.endpoint(b.agentLeg()))).isEqualTo(Set.of(f.endpoint(b.customerLeg())));
    }

    /** Bob answers the consultation call; returns his endpoint. */
    private UUID bobAnswers(Call consultation) {
        Leg bob = consultation.legs().stream().filter(l -> l.party().equals(f.bob())).findFirst().orElseThrow();
        UUID bobSide = f.attach(bob.id());
        f.calls.legAnswered(bob.id());
        return bobSide;
    }
}
