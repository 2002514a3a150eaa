package org.switchboard.core.internal;

import java.util.List;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;

/** The preconditions of call operations; each throws {@link IllegalCallStateException} when unmet. */
final class CallRules {
    private CallRules() {}

    static void requireLive(LiveCall call) {
        if (!call.isLive()) {
            throw illegal("call " + call.id + " has ended");
        }
    }

    static void requireState(LiveCall call, String operation, CallState... allowed) {
        for (CallState s : allowed) {
            if (call.state == s) {
                return;
            }
        }
        throw illegal("cannot " + operation + " while call " + call.id + " is " + call.state);
    }

    /** The call is bridged and the leg is one of its connected parties. */
    static void requireBridged(LiveCall call, Leg leg, String operation) {
        requireState(call, operation, CallState.ACTIVE, CallState.HELD);
        if (leg.state() != LegState.ANSWERED) {
            throw illegal("cannot " + operation + " leg " + leg.id() + " while it is " + leg.state());
        }
    }

    static void requireCallee(Leg leg, String operation) {
        if (leg.role() != LegRole.CALLEE) {
            throw illegal("only a callee leg can " + operation + "; leg " + leg.id() + " is the caller");
        }
    }

    /** The one party bridged with {@code leg}; transfers need exactly one. */
    static Leg otherParty(LiveCall call, Leg leg) {
        List<Leg> others = call.bridgedLegs().stream().filter(l -> !l.id().equals(leg.id())).toList();
        if (others.size() != 1) {
            throw illegal("call " + call.id + " has " + others.size() + " other connected parties; a transfer needs one");
        }
        return others.get(0);
    }

    /** Why a bridged call ended when one side left: who left, unless the adapter reported a failure. */
    static EndReason hangupReason(Leg leg, EndReason reported) {
        // reasons an adapter decided, not a party's hang-up: the call log must say what really happened
        if (reported == EndReason.FAILED || reported == EndReason.SHUTDOWN || reported == EndReason.SESSION_EXPIRED) {
            return reported;
        }
        return leg.role() == LegRole.CALLER ? EndReason.CALLER_HANGUP : EndReason.CALLEE_HANGUP;
    }

    static IllegalCallStateException illegal(String message) {
        return new IllegalCallStateException(message);
    }
}
