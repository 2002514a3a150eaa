package org.switchboard.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallNotes;
import org.switchboard.api.call.CallRecording;
import org.switchboard.api.call.CallVoicemail;
import org.switchboard.api.call.VoicemailBox;
import org.switchboard.api.media.AudioClip;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;
import org.switchboard.api.call.Party;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.number.E164;

/**
 * The mutable state of one call. Every access goes through {@link #lock}; legs are immutable
 * records replaced on each change, so snapshots are cheap.
 */
final class LiveCall {
    /** Orders calls opened in the same millisecond. */
    private static final AtomicLong OPENED = new AtomicLong();

    final ReentrantLock lock = new ReentrantLock();
    final long sequence = OPENED.incrementAndGet();

    final UUID id;
    final CallDirection direction;
    final Party caller;
    final String dialed;
    final Optional<E164> callerId;
    final Instant createdAt;
    final Optional<UUID> consultOf;
    /** For a consultation: the transferor's leg in the consulted call. */
    final Optional<UUID> transferorLegId;

    CallState state = CallState.RINGING;
    Optional<UUID> groupId = Optional.empty();
    Optional<Instant> answeredAt = Optional.empty();
    Optional<Instant> endedAt = Optional.empty();
    Optional<EndReason> endReason = Optional.empty();
    /** The outside party's CRM contact, once matched. */
    Optional<CrmContact> contact = Optional.empty();
    /** What the agents wrote about the call so far. */
    CallNotes notes = CallNotes.empty();
    /** The recording running now. */
    Optional<CallRecording> recording = Optional.empty();
    /** The message the caller is leaving. */
    Optional<CallVoicemail> voicemail = Optional.empty();
    /** Every recording made during the call, oldest first. */
    final List<UUID> recordingIds = new ArrayList<>();
    /** What media should be capturing now (the call's recording, or the caller's message). */
    Optional<CaptureTarget> capture = Optional.empty();
    /** Where the call goes when nobody answers; empty: it ends unanswered. */
    Optional<VoicemailBox> voicemailBox = Optional.empty();
    /** The number or group records every call. */
    boolean autoRecord;
    /** The greeting and beep the caller hears before leaving a message. */
    Optional<AudioClip> greeting = Optional.empty();
    /** The group offer in progress, if the call is hunting. */
    Optional<Hunt> hunt = Optional.empty();
    /** Cancels the ring timeout of a call offered to one party (a hunt keeps its own). */
    private Runnable cancelRingTimeout = () -> {};
    /** The live consultation opened from this call, if any. */
    Optional<UUID> consultation = Optional.empty();

    /** Device switches in progress: the new leg being dialed, and the answered leg it replaces. */
    final Map<UUID, UUID> switching = new HashMap<>();

    private final Map<UUID, Leg> legs = new LinkedHashMap<>();

    LiveCall(CallDirection direction, Party caller, String dialed, Optional<E164> callerId, Instant now,
            Optional<UUID> consultOf, Optional<UUID> transferorLegId) {
        this.id = TimeOrderedIds.next();
        this.direction = direction;
        this.caller = caller;
        this.dialed = dialed;
        this.callerId = callerId;
        this.createdAt = now;
        this.consultOf = consultOf;
        this.transferorLegId = transferorLegId;
    }

    /** The ring timeout of a call offered to one party; {@link #stopRinging} cancels it. */
    void ringTimeout(Runnable cancel) {
        cancelRingTimeout.run();
        cancelRingTimeout = cancel;
    }

    /**
     * Someone answered, the call went to voicemail, or it ended: no more offers and no more ring timeouts
     * (a cancelled timeout leaves the timer's queue at once instead of waiting there for its time).
     */
    void stopRinging() {
        hunt.ifPresent(Hunt::stop);
        hunt = Optional.empty();
        cancelRingTimeout.run();
        cancelRingTimeout = () -> {};
    }

    Call snapshot() {
        return new Call(id, direction, state, caller, dialed, callerId, List.copyOf(legs.values()), groupId, consultOf,
                contact, notes, recording, voicemail, recordingIds, createdAt, answeredAt, endedAt, endReason);
    }

    boolean isLive() {
        return state.isLive();
    }

    Leg addLeg(LegKind kind, LegRole role, Party party, LegState state, Instant now) {
        return put(new Leg(UUID.randomUUID(), id, kind, role, party, state, false, false, now,
                Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /** Takes over a leg of another call (warm transfer), keeping its id so adapters need not learn a new one. */
    Leg adopt(Leg leg) {
        return put(new Leg(leg.id(), id, leg.kind(), LegRole.CALLEE, leg.party(), leg.state(), leg.held(), leg.muted(),
                leg.createdAt(), leg.answeredAt(), leg.endedAt(), leg.endReason()));
    }

    void remove(UUID legId) {
        legs.remove(legId);
    }

    Optional<Leg> leg(UUID legId) {
        return Optional.ofNullable(legs.get(legId));
    }

    Leg callerLeg() {
        return legs.values().stream().filter(l -> l.role() == LegRole.CALLER).findFirst().orElseThrow();
    }

    List<Leg> liveLegs() {
        return legs.values().stream().filter(l -> l.state().isLive()).toList();
    }

    /** Callee legs still being offered the call (dialing or ringing); a device switch's new leg is no offer. */
    List<Leg> offeredLegs() {
        return legs.values().stream()
                .filter(l -> l.role() == LegRole.CALLEE && (l.state() == LegState.DIALING || l.state() == LegState.RINGING))
                .filter(l -> !switching.containsKey(l.id()))
                .toList();
    }

    /** Live answered legs: the parties of the bridge. */
    List<Leg> bridgedLegs() {
        return legs.values().stream().filter(l -> l.state() == LegState.ANSWERED).toList();
    }

    Leg ring(Leg leg) {
        return put(with(leg, LegState.RINGING, leg.held(), leg.muted()));
    }

    Leg answer(Leg leg, Instant now) {
        return put(new Leg(leg.id(), id, leg.kind(), leg.role(), leg.party(), LegState.ANSWERED, leg.held(), leg.muted(),
                leg.createdAt(), Optional.of(now), Optional.empty(), Optional.empty()));
    }

    Leg end(Leg leg, EndReason reason, Instant now) {
        return put(new Leg(leg.id(), id, leg.kind(), leg.role(), leg.party(), LegState.ENDED, false, leg.muted(),
                leg.createdAt(), leg.answeredAt(), Optional.of(now), Optional.of(reason)));
    }

    Leg hold(Leg leg, boolean held) {
        Leg changed = put(with(leg, leg.state(), held, leg.muted()));
        state = legs.values().stream().anyMatch(Leg::held) ? CallState.HELD : CallState.ACTIVE;
        return changed;
    }

    Leg mute(Leg leg, boolean muted) {
        return put(with(leg, leg.state(), leg.held(), muted));
    }

    private Leg with(Leg leg, LegState legState, boolean held, boolean muted) {
        return new Leg(leg.id(), id, leg.kind(), leg.role(), leg.party(), legState, held, muted, leg.createdAt(),
                leg.answeredAt(), leg.endedAt(), leg.endReason());
    }

    private Leg put(Leg leg) {
        legs.put(leg.id(), leg);
        return leg;
    }
}
