package org.switchboard.core.internal;

import static org.switchboard.core.internal.CallRules.illegal;
import static org.switchboard.core.internal.CallRules.otherParty;
import static org.switchboard.core.internal.CallRules.requireBridged;
import static org.switchboard.core.internal.CallRules.requireLive;
import static org.switchboard.core.internal.CallRules.requireState;

import java.util.Optional;
import java.util.UUID;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;
import org.switchboard.api.call.Party;
import org.switchboard.api.event.Topics;

/**
 * Warm transfer: the transferor holds their party, talks to the target on a separate
 * consultation call, then either joins the target to the held party or goes back to them.
 */
final class WarmTransfers {
    private record Opening(LiveCall consultation, LegKind transferorKind) {}

    private final CallChanges changes;

    WarmTransfers(CallChanges changes) {
        this.changes = changes;
    }

    Call consult(UUID transferorLegId, LegKind targetKind, Party target) {
        Opening opening = changes.onLeg(transferorLegId, (call, transferor, fx) -> {
            requireBridged(call, transferor, "consult");
            Leg other = otherParty(call, transferor);
            if (call.consultation.flatMap(changes.registry::get).filter(LiveCall::isLive).isPresent()) {
                throw illegal("call " + call.id + " already has a consultation");
            }
            if (!other.held()) {
                changes.setHeld(call, other, true, fx);
                fx.event(Topics.CALL_HELD, other.id());
            }
            CallDirection direction = target.agentId().isPresent() ? CallDirection.INTERNAL : CallDirection.OUTBOUND;
            LiveCall consultation = new LiveCall(direction, transferor.party(), target.address(), Optional.empty(),
                    changes.clock.instant(), Optional.of(call.id), Optional.of(transferorLegId));
            call.consultation = Optional.of(consultation.id);
            return new Opening(consultation, transferor.kind());
        });
        LiveCall consultation = opening.consultation();
        return changes.change(consultation, fx -> {
            Leg caller = consultation.addLeg(opening.transferorKind(), LegRole.CALLER, consultation.caller,
                    LegState.RINGING, changes.clock.instant());
            changes.registry.add(consultation);
            changes.registry.indexLeg(caller);
            Leg offered = changes.offerAndDial(consultation, targetKind, target, fx);
            fx.event(Topics.CALL_RINGING, offered.id());
            return consultation.snapshot();
        });
    }

    /** Joins the consulted party to the held party; returns the transferred call. */
    Call complete(UUID consultCallId) {
        LiveCall consultation = changes.call(consultCallId);
        LiveCall original = changes.call(consultedCallId(consultation));
        return changes.change(original, consultation, (fxOriginal, fxConsult) -> {
            requireState(consultation, "complete the transfer", CallState.ACTIVE, CallState.HELD);
            requireLive(original);
            Leg transferor = original.leg(consultation.transferorLegId.orElseThrow())
                    .filter(l -> l.state() == LegState.ANSWERED)
                    .orElseThrow(() -> illegal("the transferor has left call " + original.id));
            Leg target = otherParty(consultation, consultation.callerLeg());

            changes.release(original, transferor, EndReason.TRANSFERRED, fxOriginal);
            consultation.remove(target.id());
            Leg moved = original.adopt(target);
            changes.registry.indexLeg(moved);
            original.bridgedLegs().stream().filter(Leg::held).forEach(l -> changes.setHeld(original, l, false, fxOriginal));
            original.state = CallState.ACTIVE;
            original.consultation = Optional.empty();
            fxOriginal.event(Topics.CALL_TRANSFERRED, moved.id(), transferor.party().agentId());

            changes.endCall(consultation, EndReason.TRANSFERRED, fxConsult);
            return original.snapshot();
        });
    }

    /** Ends the consultation and takes the held party off hold; returns the consulted call. */
    Call cancel(UUID consultCallId) {
        LiveCall consultation = changes.call(consultCallId);
        LiveCall original = changes.call(consultedCallId(consultation));
        return changes.change(original, consultation, (fxOriginal, fxConsult) -> {
            requireLive(consultation);
            EndReason reason = consultation.answeredAt.isPresent() ? EndReason.CALLER_HANGUP : EndReason.CANCELLED;
            changes.endCall(consultation, reason, fxConsult);
            if (original.state == CallState.HELD) {
                original.bridgedLegs().stream().filter(Leg::held).forEach(l -> {
                    changes.setHeld(original, l, false, fxOriginal);
                    fxOriginal.event(Topics.CALL_RESUMED, l.id());
                });
            }
            original.consultation = Optional.empty();
            return original.snapshot();
        });
    }

    private static UUID consultedCallId(LiveCall consultation) {
        return consultation.consultOf.orElseThrow(() -> illegal("call " + consultation.id + " is not a consultation"));
    }
}
