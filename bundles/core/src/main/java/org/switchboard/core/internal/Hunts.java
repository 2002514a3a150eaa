package org.switchboard.core.internal;

import static org.switchboard.core.internal.CallRules.requireState;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.call.VoicemailBox;
import org.switchboard.api.event.Topics;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.Route;

/**
 * Group hunting: ring-all offers every member at once for the group's ring timeout; round-robin
 * and longest-idle offer one member at a time, each for the ring timeout, and move on when one
 * does not answer, is busy or declines. A hunt ends when someone answers or nobody is left.
 */
final class Hunts {
    private static final Logger LOG = LoggerFactory.getLogger(Hunts.class);

    private final CallChanges changes;
    private final RingTimer timer;
    private final Voicemails voicemails;

    Hunts(CallChanges changes, RingTimer timer, Voicemails voicemails) {
        this.changes = changes;
        this.timer = timer;
        this.voicemails = voicemails;
    }

    Call start(UUID callId, Route.ToGroup route, LegKind kind) {
        LiveCall call = changes.call(callId);
        return changes.change(call, fx -> {
            requireState(call, "offer the call to a group", CallState.RINGING);
            Hunt hunt = new Hunt(route.group(), route.offerOrder(), kind);
            Group group = route.group();
            call.groupId = Optional.of(group.id());
            call.autoRecord |= group.autoRecord();
            call.voicemailBox = group.voicemailAfter().map(after -> VoicemailBox.ofGroup(group.id(), group.name()));
            call.hunt.ifPresent(Hunt::stop);
            call.hunt = Optional.of(hunt);
            if (hunt.ringsAll()) {
                while (!hunt.waiting.isEmpty()) {
                    offer(call, hunt, hunt.waiting.poll(), fx);
                }
                if (!call.offeredLegs().isEmpty()) {
                    // a group with voicemail rings until its voicemail time, else for its ring timeout
                    Duration ringFor = group.voicemailAfter().orElse(group.ringTimeout());
                    hunt.timer(timer.schedule(ringFor, () -> ringAllTimedOut(call, hunt)));
                }
            } else {
                offerNext(call, fx);
            }
            if (call.offeredLegs().isEmpty()) {
                voicemails.divertOrEnd(call, EndReason.NO_ANSWER, fx); // nobody available: voicemail at once
            }
            LOG.debug("call={} hunting {} ({}) over {} members", call.id, hunt.group.name(), hunt.group.strategy(),
                    route.offerOrder().size());
            return call.snapshot();
        });
    }

    /**
     * The last offered leg failed: offer the next member, if the call is hunting sequentially and
     * someone is left. Called under the call's lock.
     */
    boolean offerNext(LiveCall call, Effects fx) {
        Optional<Hunt> found = call.hunt.filter(h -> !h.ringsAll() && !h.waiting.isEmpty());
        if (found.isEmpty()) {
            return false;
        }
        Hunt hunt = found.get();
        Agent member = hunt.waiting.poll();
        offer(call, hunt, member, fx);
        hunt.ringingMember = Optional.of(member.id());
        hunt.timer(timer.schedule(hunt.group.ringTimeout(), () -> memberTimedOut(call, hunt, member.id())));
        return true;
    }

    private Leg offer(LiveCall call, Hunt hunt, Agent agent, Effects fx) {
        Leg leg = changes.offerAndDial(call, hunt.kind, Party.agent(agent),
                fx);
        fx.event(Topics.CALL_RINGING, leg.id());
        return leg;
    }

    /** The member did not answer on any device in time: their legs stop ringing and the next member is offered. */
    private void memberTimedOut(LiveCall call, Hunt hunt, UUID memberId) {
        changes.change(call, fx -> {
            if (call.hunt.orElse(null) != hunt || !hunt.ringingMember.equals(Optional.of(memberId))) {
                return null; // answered, ended or moved on meanwhile
            }
            List<Leg> ringing = call.offeredLegs().stream()
                    .filter(l -> l.party().agentId().equals(Optional.of(memberId))).toList();
            if (!ringing.isEmpty()) {
                ringing.forEach(leg -> changes.release(call, leg, EndReason.NO_ANSWER, fx));
                if (!offerNext(call, fx) && call.offeredLegs().isEmpty()) {
                    voicemails.divertOrEnd(call, EndReason.NO_ANSWER, fx);
                }
            }
            return null;
        });
    }

    private void ringAllTimedOut(LiveCall call, Hunt hunt) {
        changes.change(call, fx -> {
            if (call.hunt.orElse(null) == hunt && call.state == CallState.RINGING) {
                voicemails.divertOrEnd(call, EndReason.NO_ANSWER, fx);
            }
            return null;
        });
    }
}
