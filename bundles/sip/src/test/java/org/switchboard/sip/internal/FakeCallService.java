package org.switchboard.sip.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;
import org.switchboard.api.call.Party;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Route;

/**
 * The part of core's call state machine the B2BUA drives (see the api javadoc and core's README):
 * first answer bridges and releases the other offered legs, the caller leaving first cancels, the
 * last offered leg failing ends the call with its reason, a hang-up after answer releases the other
 * side. Driver calls are made as core makes them, after the change.
 */
final class FakeCallService implements CallService {
    private final Map<UUID, Call> calls = new ConcurrentHashMap<>();
    private final Map<UUID, UUID> callOfLeg = new ConcurrentHashMap<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    volatile LegDriver driver;

    @Override
    public synchronized Call open(CallDirection direction, LegKind callerKind, Party caller, String dialed,
            Optional<E164> callerId) {
        UUID id = UUID.randomUUID();
        Leg leg = new Leg(UUID.randomUUID(), id, callerKind, LegRole.CALLER, caller, LegState.RINGING, false, false,
                Instant.now(), Optional.empty(), Optional.empty(), Optional.empty());
        Call call = new Call(id, direction, CallState.RINGING, caller, dialed, callerId, List.of(leg), Optional.empty(),
                Optional.empty(), Optional.empty(), Instant.now(), Optional.empty(), Optional.empty(), Optional.empty());
        calls.put(id, call);
        callOfLeg.put(leg.id(), id);
        log.add("open " + direction + " " + dialed);
        return call;
    }

    @Override
    public synchronized Call assignGroup(UUID callId, UUID groupId) {
        Call c = call(callId);
        return put(new Call(c.id(), c.direction(), c.state(), c.caller(), c.dialed(), c.callerId(), c.legs(),
                Optional.of(groupId), c.consultOf(), c.contact(), c.createdAt(), c.answeredAt(), c.endedAt(),
                c.endReason()));
    }

    @Override
    public synchronized Leg addLeg(UUID callId, LegKind kind, Party callee) {
        Call c = call(callId);
        Leg leg = new Leg(UUID.randomUUID(), callId, kind, LegRole.CALLEE, callee, LegState.DIALING, false, false,
                Instant.now(), Optional.empty(), Optional.empty(), Optional.empty());
        List<Leg> legs = new ArrayList<>(c.legs());
        legs.add(leg);
        put(with(c, c.state(), legs, Optional.empty()));
        callOfLeg.put(leg.id(), callId);
        log.add("addLeg " + callee.address());
        return leg;
    }

    @Override
    public Leg offer(UUID callId, LegKind kind, Party callee) {
        Leg leg = addLeg(callId, kind, callee);
        Call call = call(callId);
        driver.dial(call, leg);
        return leg;
    }

    /** Every member at once, whatever the strategy: the B2BUA tests need no hunting order. */
    @Override
    public Call hunt(UUID callId, Route.ToGroup route, LegKind kind) {
        assignGroup(callId, route.group().id());
        route.offerOrder().forEach(agent -> offer(callId, kind, Party.agent(agent)));
        return call(callId);
    }

    @Override
    public Call sendDtmf(UUID legId, String digits) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Call legRinging(UUID legId) {
        synchronized (this) {
            log.add("ringing " + leg(legId).party().address());
            return put(replace(call(callOfLeg.get(legId)), legId, LegState.RINGING, Optional.empty()));
        }
    }

    @Override
    public Call legAnswered(UUID legId) {
        List<Runnable> driverCalls = new ArrayList<>();
        Call after;
        synchronized (this) {
            Call c = call(callOfLeg.get(legId));
            if (c.state() != CallState.RINGING) {
                throw new IllegalCallStateException("call is " + c.state());
            }
            log.add("answered " + leg(legId).party().address());
            c = replace(c, legId, LegState.ANSWERED, Optional.empty());
            for (Leg other : c.legs()) {
                if (other.role() == LegRole.CALLEE && !other.id().equals(legId) && other.state().isLive()) {
                    c = replace(c, other.id(), LegState.ENDED, Optional.of(EndReason.ANSWERED_ELSEWHERE));
                    Leg released = leg(c, other.id());
                    driverCalls.add(() -> driver.release(null, released, EndReason.ANSWERED_ELSEWHERE));
                }
            }
            Leg caller = c.legs().get(0);
            c = replace(c, caller.id(), LegState.ANSWERED, Optional.empty());
            after = put(with(c, CallState.ACTIVE, c.legs(), Optional.empty()));
            Call snapshot = after;
            driverCalls.add(() -> driver.connect(snapshot, leg(snapshot, caller.id())));
        }
        driverCalls.forEach(Runnable::run);
        return after;
    }

    @Override
    public Call legEnded(UUID legId, EndReason reason) {
        List<Runnable> driverCalls = new ArrayList<>();
        Call after;
        synchronized (this) {
            Call c = call(callOfLeg.get(legId));
            Leg ended = leg(c, legId);
            if (!ended.state().isLive()) {
                return c; // a late report for a leg already released
            }
            log.add("ended " + ended.party().address() + " " + reason);
            boolean answered = c.state() == CallState.ACTIVE;
            c = replace(c, legId, LegState.ENDED, Optional.of(reason));
            EndReason callReason = null;
            if (ended.role() == LegRole.CALLER && !answered) {
                callReason = EndReason.CANCELLED;
            } else if (answered) {
                callReason = ended.role() == LegRole.CALLER ? EndReason.CALLER_HANGUP : EndReason.CALLEE_HANGUP;
            } else if (c.legs().stream().noneMatch(l -> l.role() == LegRole.CALLEE && l.state().isLive())) {
                callReason = reason;
            }
            if (callReason != null) {
                for (Leg live : c.liveLegs()) {
                    c = replace(c, live.id(), LegState.ENDED, Optional.of(callReason));
                    Leg released = leg(c, live.id());
                    EndReason why = callReason;
                    driverCalls.add(() -> driver.release(null, released, why));
                }
                c = with(c, CallState.ENDED, c.legs(), Optional.of(callReason));
                log.add("call ended " + callReason);
            }
            after = put(c);
        }
        driverCalls.forEach(Runnable::run);
        return after;
    }

    @Override
    public Call decline(UUID legId) {
        throw new UnsupportedOperationException();
    }

    /** Like core: every live leg is released with the reason (the ring timeout ends calls this way). */
    @Override
    public Call hangup(UUID callId, EndReason reason) {
        List<Runnable> driverCalls = new ArrayList<>();
        Call after;
        synchronized (this) {
            Call c = call(callId);
            if (!c.state().isLive()) {
                throw new IllegalCallStateException("call is " + c.state());
            }
            for (Leg live : c.liveLegs()) {
                c = replace(c, live.id(), LegState.ENDED, Optional.of(reason));
                Leg released = leg(c, live.id());
                driverCalls.add(() -> driver.release(null, released, reason));
            }
            after = put(with(c, CallState.ENDED, c.legs(), Optional.of(reason)));
            log.add("call ended " + reason);
        }
        driverCalls.forEach(Runnable::run);
        return after;
    }

    @Override
    public Call hold(UUID legId) {
        return setHeld(legId, true);
    }

    @Override
    public Call resume(UUID legId) {
        return setHeld(legId, false);
    }

    /** Like core: only an answered leg of an active call, and only a change; then the driver is told. */
    private Call setHeld(UUID legId, boolean held) {
        Call after;
        Leg changed;
        synchronized (this) {
            Call c = call(callOfLeg.get(legId));
            Leg leg = leg(c, legId);
            if (c.state() != CallState.ACTIVE || leg.state() != LegState.ANSWERED || leg.held() == held) {
                throw new IllegalCallStateException("cannot " + (held ? "hold" : "resume") + " leg " + legId);
            }
            List<Leg> legs = c.legs().stream().map(l -> l.id().equals(legId) ? new Leg(l.id(), l.callId(), l.kind(),
                    l.role(), l.party(), l.state(), held, l.muted(), l.createdAt(), l.answeredAt(), l.endedAt(),
                    l.endReason()) : l).toList();
            after = put(with(c, c.state(), legs, Optional.empty()));
            changed = leg(after, legId);
            log.add((held ? "hold " : "resume ") + changed.party().address());
        }
        driver.hold(after, changed, held);
        return after;
    }

    @Override
    public Call mute(UUID legId, boolean muted) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Leg blindTransfer(UUID transferorLegId, LegKind targetKind, Party target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Call consult(UUID transferorLegId, LegKind targetKind, Party target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Call completeTransfer(UUID consultCallId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Call cancelTransfer(UUID consultCallId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setDraining(boolean draining) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isDraining() {
        return false;
    }

    @Override
    public Optional<Call> find(UUID callId) {
        return Optional.ofNullable(calls.get(callId));
    }

    @Override
    public Optional<Call> findByLeg(UUID legId) {
        return Optional.ofNullable(callOfLeg.get(legId)).map(calls::get);
    }

    @Override
    public List<Call> active() {
        return calls.values().stream().filter(c -> c.state().isLive()).toList();
    }

    List<Call> all() {
        return List.copyOf(calls.values());
    }

    private Call call(UUID id) {
        Call c = calls.get(id);
        if (c == null) {
            throw new java.util.NoSuchElementException("no call " + id);
        }
        return c;
    }

    private Leg leg(UUID legId) {
        return leg(call(callOfLeg.get(legId)), legId);
    }

    private static Leg leg(Call c, UUID legId) {
        return c.leg(legId).orElseThrow();
    }

    private Call put(Call c) {
        calls.put(c.id(), c);
        return c;
    }

    private static Call replace(Call c, UUID legId, LegState state, Optional<EndReason> reason) {
        List<Leg> legs = c.legs().stream().map(l -> l.id().equals(legId) ? new Leg(l.id(), l.callId(), l.kind(),
                l.role(), l.party(), state, l.held(), l.muted(), l.createdAt(),
                state == LegState.ANSWERED ? Optional.of(Instant.now()) : l.answeredAt(),
                state == LegState.ENDED ? Optional.of(Instant.now()) : l.endedAt(), reason) : l).toList();
        return with(c, c.state(), legs, c.endReason());
    }

    private static Call with(Call c, CallState state, List<Leg> legs, Optional<EndReason> reason) {
        return new Call(c.id(), c.direction(), state, c.caller(), c.dialed(), c.callerId(), legs, c.groupId(),
                c.consultOf(), c.contact(), c.createdAt(), c.answeredAt(), state == CallState.ENDED ? Optional.of(Instant.now())
                        : c.endedAt(), reason.isPresent() ? reason : c.endReason());
    }
}
