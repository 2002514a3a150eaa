package org.switchboard.sip.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Stream;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;

/**
 * The SIP side of one of core's legs: its anchored media endpoint, and either the INVITE we answer
 * (a phone or trunk calling in) or the INVITEs we sent (one {@link Branch} per contact, when an
 * agent's phones are forked or a trunk is dialed). Mutable state is guarded by the leg itself.
 */
final class SipLeg {
    /** The leg's role in core: the caller, or a party the call is offered to. */
    enum Side { CALLER, CALLEE }

    /** Core's call; a completed warm transfer moves the consulted party's leg into the caller's call. */
    volatile UUID callId;
    final UUID legId;
    final Side side;
    final MediaEndpoint endpoint;
    /** Set when the far end's INVITE opened the leg; empty when we dialed it. */
    final Optional<ServerTransaction> serverInvite;
    /** The To tag of every response to {@link #serverInvite}. */
    final String toTag;
    /** Our INVITEs, one per contact rung; the first to answer wins. */
    final List<Branch> branches = new ArrayList<>();
    /** The dialog once it exists: the caller's from the start, a dialed leg's when a branch answers. */
    Dialog dialog;
    Codec codec;
    OptionalInt telephoneEvent = OptionalInt.empty();
    /** The caller's INVITE had no SDP: our 200 offers, its ACK answers. */
    boolean lateOffer;
    /** A provisional response went back to the caller. */
    boolean provisional;
    boolean answered;
    boolean ended;
    /** This party put the other on hold from its phone (a=sendonly or inactive). */
    boolean holding;
    /** The far end was told it is on hold (our re-INVITE with a=sendonly). */
    boolean heldByUs;
    /** Set by a REFER: core's release of this leg then reports the transfer outcome with NOTIFY. */
    boolean referred;
    /** UDP, TCP or TLS: how its far end is reached. */
    String transport = "UDP";
    /** The trunk the leg runs through, if any. */
    Optional<String> trunk = Optional.empty();
    /** Click-to-call: what happens once the agent's own phone answers (the target is dialed). */
    Runnable onAgentAnswered;
    ScheduledFuture<?> ringTimer;
    /** Our next session refresh, or the expiry of the peer's (RFC 4028). */
    ScheduledFuture<?> sessionTimer;
    /** The session timer the dialog agreed on, once it did. */
    SessionTimers.Agreement session;
    /** The peer's Allow lists UPDATE: our session refreshes need not touch media. */
    boolean peerAllowsUpdate;
    long sdpVersion = 1;

    private SipLeg(UUID callId, UUID legId, Side side, MediaEndpoint endpoint, Optional<ServerTransaction> serverInvite,
            Dialog dialog, String toTag) {
        this.callId = callId;
        this.legId = legId;
        this.side = side;
        this.endpoint = endpoint;
        this.serverInvite = serverInvite;
        this.dialog = dialog;
        this.toTag = toTag;
    }

    /** A leg the far end's INVITE opened. */
    static SipLeg answering(UUID callId, UUID legId, MediaEndpoint endpoint, Dialog dialog, ServerTransaction invite,
            String toTag) {
        return new SipLeg(callId, legId, Side.CALLER, endpoint, Optional.of(invite), dialog, toTag);
    }

    /** A leg we dial: a callee, or the agent's own phone for click-to-call (then {@code side} is CALLER). */
    static SipLeg dialed(UUID callId, UUID legId, Side side, MediaEndpoint endpoint) {
        return new SipLeg(callId, legId, side, endpoint, Optional.empty(), null, null);
    }

    boolean weDialed() {
        return serverInvite.isEmpty();
    }

    /** Its dialog and those of its branches (a dialled leg may have several while it forks). */
    Stream<Dialog> dialogs() {
        return Stream.concat(Stream.ofNullable(dialog),
                branches.stream().map(b -> b.dialog).filter(Objects::nonNull)).distinct();
    }

    /** Branches still waiting for a final response. */
    List<Branch> pendingBranches() {
        return branches.stream().filter(b -> !b.ended).toList();
    }

    void cancelTimers() {
        if (ringTimer != null) {
            ringTimer.cancel(false);
        }
        if (sessionTimer != null) {
            sessionTimer.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "call=" + callId + " leg=" + legId;
    }
}
