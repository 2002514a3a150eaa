package org.switchboard.sip.internal;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.media.Tone;

/**
 * The live SIP legs by core leg id, and what happens to a leg's resources: its media endpoint is
 * freed when it ends, and the call's two answered legs are bridged once.
 */
final class SipLegs {
    private static final Logger LOG = LoggerFactory.getLogger(SipLegs.class);

    private final CallServices services;
    private final Map<UUID, SipLeg> byLeg = new ConcurrentHashMap<>();
    /** The same legs by call: signalling looks up a call's other legs on every message. */
    private final Map<UUID, Set<SipLeg>> byCall = new ConcurrentHashMap<>();
    /** The endpoints bridged per call, so the same pair is not bridged twice. */
    private final Map<UUID, List<UUID>> bridged = new ConcurrentHashMap<>();

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

    /** Live legs through this trunk. */
    int throughTrunk(String trunk) {
        return (int) byLeg.values().stream().filter(l -> l.trunk.equals(Optional.of(trunk))).count();
    }

    /**
     * Bridges the call's two answered SIP legs: after the first answer, and after a transfer target
     * answers (the remaining party is up already then). Tones the parties heard meanwhile stop.
     * Synchronized with {@link #ringbackWhileTransferring} and {@link #finish}: a transfer's release
     * and its target's answer run on different workers.
     */
    synchronized void bridgeAnswered(Call call) {
        call.liveLegs().forEach(leg -> followIntoCall(byLeg.get(leg.id()), call.id()));
        List<SipLeg> up = call.liveLegs().stream().map(l -> carrying(call, l)).filter(Objects::nonNull)
                .filter(SipLegs::isUp).toList();
        if (up.size() != 2) {
            return;
        }
        List<UUID> pair = List.of(up.get(0).endpoint.id(), up.get(1).endpoint.id());
        // connect and the answer's own path may both get here: bridge a pair once
        if (!pair.equals(bridged.put(call.id(), pair))) {
            // an endpoint is in one bridge at a time: the pair it was in before is no longer bridged
            bridged.entrySet().removeIf(e -> !e.getKey().equals(call.id()) && e.getValue().stream().anyMatch(pair::contains));
            services.media().ifPresent(media -> {
                pair.forEach(endpoint -> media.play(endpoint, Tone.SILENCE));
                media.bridge(pair.get(0), pair.get(1));
            });
        }
    }

    /**
     * Core moves the consulted party's leg into the caller's call when a warm transfer completes;
     * the SIP leg follows, so that phone's later re-INVITEs (hold) and BYE act on the call it is in.
     */
    private void followIntoCall(SipLeg leg, UUID callId) {
        if (leg == null || leg.callId.equals(callId)) {
            return;
        }
        unindexFromCall(leg);
        leg.callId = callId;
        indexByCall(leg);
    }

    /**
     * The SIP leg that carries a leg of the call. A warm transfer's consultation has no SIP leg for
     * its caller: the transferor talks on the phone that is up in the consulted call.
     */
    private SipLeg carrying(Call call, Leg leg) {
        SipLeg own = byLeg.get(leg.id());
        if (own != null || call.consultOf().isEmpty() || leg.role() != LegRole.CALLER) {
            return own;
        }
        return services.calls().flatMap(calls -> calls.find(call.consultOf().get()))
                .flatMap(consulted -> consulted.liveLegs().stream().filter(l -> l.party().equals(leg.party())).findFirst())
                .map(transferor -> byLeg.get(transferor.id()))
                .orElse(null);
    }

    /**
     * Blind transfer: the party who stays hears ringback until the target answers — unless the
     * target answered already and the two are bridged.
     */
    synchronized void ringbackWhileTransferring(UUID callId) {
        if (bridged.containsKey(callId)) {
            return;
        }
        ofCall(callId).stream().filter(SipLegs::isUp).forEach(leg ->
                services.media().ifPresent(media -> media.play(leg.endpoint.id(), Tone.RINGBACK)));
    }

    private static boolean isUp(SipLeg leg) {
        synchronized (leg) {
            return leg.answered && !leg.ended;
        }
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

    /** Frees what the leg holds on our side: its media endpoint, its timers, its place in the table. */
    void finish(SipLeg leg) {
        synchronized (this) {
            byLeg.remove(leg.legId, leg);
            unindexFromCall(leg);
            List<UUID> pair = bridged.get(leg.callId);
            if (pair != null && pair.contains(leg.endpoint.id())) {
                bridged.remove(leg.callId); // its bridge is broken: the next answer makes a new one
            }
        }
        synchronized (leg) {
            leg.cancelTimers();
        }
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
}
