package org.switchboard.sip.internal;

import org.switchboard.api.call.Call;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegState;
import org.switchboard.api.media.Tone;

/**
 * The leg driver for {@code sb:simulate-inbound}'s callers ({@link LegKind#INTERNAL}): there is no
 * far end to signal, so when the call is answered the agent hears the caller's spoken prompt on
 * their own media endpoint, repeated until someone hangs up.
 */
final class SimulatedCallers implements LegDriver {
    private final CallServices services;
    private final SipLegs legs;

    SimulatedCallers(CallServices services, SipLegs legs) {
        this.services = services;
        this.legs = legs;
    }

    @Override
    public LegKind kind() {
        return LegKind.INTERNAL;
    }

    @Override
    public void dial(Call call, Leg leg) {
        // a simulated caller only calls; core never dials one
        legs.reportEnded(call.id(), leg.id(), EndReason.UNROUTABLE);
    }

    @Override
    public void connect(Call call, Leg leg) {
        play(call, Tone.PROMPT);
    }

    @Override
    public void release(Call call, Leg leg, EndReason reason) {
        // nothing on our side: the answering agent's leg is released by core as well
    }

    @Override
    public void hold(Call call, Leg leg, boolean held) {
        play(call, held ? Tone.SILENCE : Tone.PROMPT); // the agent holds the caller: the prompt pauses
    }

    @Override
    public void sendDtmf(Call call, Leg leg, String digits) {
        // the prompt does not listen
    }

    /** Plays to the agents answering the simulated call. */
    private void play(Call call, Tone tone) {
        call.legs().stream().filter(l -> l.state() == LegState.ANSWERED && l.kind() == LegKind.SIP)
                .flatMap(l -> legs.get(l.id()).stream())
                .forEach(sipLeg -> services.media().ifPresent(media -> media.play(sipLeg.endpoint.id(), tone)));
    }
}
