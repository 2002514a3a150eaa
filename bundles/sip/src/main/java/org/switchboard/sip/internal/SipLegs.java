package org.switchboard.sip.internal;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;

/**
 * The live SIP legs by core leg id, and what happens to a leg's resources: its media endpoint goes
 * to core once its far end is up, and is freed when the leg ends.
 */
final class SipLegs {
    private static final Logger LOG = LoggerFactory.getLogger(SipLegs.class);

    private final CallServices services;
    private final Map<UUID, SipLeg> byLeg = new ConcurrentHashMap<>();
    /** The same legs by call: signalling looks up a call's other legs on every message. */
    private final Map<UUID, Set<SipLeg>> byCall = new ConcurrentHashMap<>();

    SipLegs(CallServices services) {
        this.services = services;
    }

    void add(SipLeg leg) {
        byLeg.put(leg.legId, leg);
        indexByCall(leg);
    }

    private void indexByCall(SipLeg leg) {
        byCall.computeIfAbsent(leg.callId, call -> ConcurrentHashMap.newKeySet()).add(leg);
    }

    private void unindexFromCall(SipLeg leg) {
        byCall.computeIfPresent(leg.callId, (call, ofCall) -> {
            ofCall.remove(leg);
            return ofCall.isEmpty() ? null : ofCall;
        });
    }

    Optional<SipLeg> get(UUID legId) {
        return Optional.ofNullable(byLeg.get(legId));
    }

    List<SipLeg> ofCall(UUID callId) {
        return List.copyOf(byCall.getOrDefault(callId, Set.of()));
    }

    Optional<SipLeg> callerOf(UUID callId) {
        return ofCall(callId).stream().filter(l -> l.side == SipLeg.Side.CALLER).findFirst();
    }

    int size() {
        return byLeg.size();
    }

    /** Calls with a live SIP leg: what admission counts against maxConcurrentCalls. */
    int calls() {
        return byCall.size();
    }

    /** Live legs through this trunk. */
    int throughTrunk(String trunk) {
        return (int) byLeg.values().stream().filter(l -> l.trunk.equals(Optional.of(trunk))).count();
    }

    /**
     * The leg's far end is up: core gets its endpoint and decides from now on what it hears. A call
     * that ended meanwhile is no error: the leg is being released.
     */
    void attach(SipLeg leg) {
        services.calls().ifPresent(calls -> {
            try {
                calls.attachMedia(leg.legId, leg.endpoint.id());
            } catch (IllegalCallStateException | NoSuchElementException e) {
                LOG.debug("sip: {} media not attached: {}", leg, e.getMessage());
            }
        });
    }

    /**
     * Core moves the consulted party's leg into the caller's call when a warm transfer completes;
     * the SIP legs follow, so that phone's later re-INVITEs (hold) and BYE act on the call it is in.
     */
    void followIntoCall(Call call) {
        call.liveLegs().forEach(leg -> {
            SipLeg sipLeg = byLeg.get(leg.id());
            if (sipLeg != null && !sipLeg.callId.equals(call.id())) {
                synchronized (this) {
                    unindexFromCall(sipLeg);
                    sipLeg.callId = call.id();
                    indexByCall(sipLeg);
                }
            }
        });
    }

    /** Marks the leg ended; false if it already was (someone else is ending it). */
    static boolean markEnded(SipLeg leg) {
        synchronized (leg) {
            if (leg.ended) {
                return false;
            }
            leg.ended = true;
            return true;
        }
    }

    /**
     * Frees what the leg holds on our side: its media endpoint, its timers, its place in the table, and the
     * stack's hold on it. jain-sip keeps a dialog referenced for 64*T1 (32 s) after its 2xx, by a task that
     * checks for our ACK and is never cancelled, and keeps an ended INVITE transaction a while (LINGER_TIMER);
     * pointing at the leg, each kept the whole ended call (requests, responses, branches) alive that long,
     * copied by young collection after collection. They keep only a marker that the leg has ended.
     */
    void finish(SipLeg leg) {
        EndedLeg ended = new EndedLeg(leg.legId);
        synchronized (this) {
            byLeg.remove(leg.legId, leg);
            unindexFromCall(leg);
        }
        synchronized (leg) {
            leg.cancelTimers();
            leg.dialogs().forEach(dialog -> dialog.setApplicationData(ended));
        }
        leg.serverInvite.ifPresent(invite -> {
            synchronized (invite) { // CallerSide reads and sets it under this lock
                invite.setApplicationData(ended);
            }
        });
        services.media().ifPresent(media -> {
            try {
                media.release(leg.endpoint.id());
            } catch (RuntimeException e) {
                LOG.debug("sip: {} media release: {}", leg, e.getMessage());
            }
        });
    }

    /** Tells core the leg ended at its far end. */
    void reportEnded(UUID callId, UUID legId, EndReason reason) {
        services.calls().ifPresent(calls -> {
            try {
                calls.legEnded(legId, reason);
            } catch (IllegalCallStateException | NoSuchElementException e) {
                LOG.debug("sip: call={} leg={} already over: {}", callId, legId, e.getMessage());
            }
        });
    }

    /** The far end is gone: free the leg and tell core. */
    void ended(SipLeg leg, EndReason reason) {
        finish(leg);
        reportEnded(leg.callId, leg.legId, reason);
    }

    /** What an ended leg's dialogs point at: a request in such a dialog finds no leg to act on. */
    record EndedLeg(UUID legId) {
    }
}
