package org.switchboard.sip.internal;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;

/**
 * The SIP side of one of core's legs: its dialog, the INVITE transaction that set it up, and its
 * anchored media endpoint. Mutable state is guarded by the leg itself.
 */
final class SipLeg {
    enum Side { CALLER, CALLEE }

    final UUID callId;
    final UUID legId;
    final Side side;
    final MediaEndpoint endpoint;
    final Dialog dialog;
    /** Caller side: the INVITE we answer. */
    final ServerTransaction serverInvite;
    /** Caller side: the To tag of every response we send. */
    final String toTag;
    /** Callee side: our INVITE. */
    final ClientTransaction clientInvite;
    /** The codec of this leg's stream. */
    Codec codec;
    java.util.OptionalInt telephoneEvent = java.util.OptionalInt.empty();
    boolean provisional;
    boolean answered;
    boolean ended;
    /** Callee side: released before any provisional response, so the CANCEL waits for one. */
    boolean cancelPending;
    /** Callee side: the ACK for its 2xx, sent again if the 2xx is retransmitted. */
    Request ack;
    ScheduledFuture<?> ringTimer;
    long sdpVersion = 1;

    private SipLeg(UUID callId, UUID legId, Side side, MediaEndpoint endpoint, Dialog dialog,
            ServerTransaction serverInvite, String toTag, ClientTransaction clientInvite) {
        this.callId = callId;
        this.legId = legId;
        this.side = side;
        this.endpoint = endpoint;
        this.dialog = dialog;
        this.serverInvite = serverInvite;
        this.toTag = toTag;
        this.clientInvite = clientInvite;
    }

    static SipLeg caller(UUID callId, UUID legId, MediaEndpoint endpoint, Dialog dialog, ServerTransaction invite,
            String toTag) {
        return new SipLeg(callId, legId, Side.CALLER, endpoint, dialog, invite, toTag, null);
    }

    static SipLeg callee(UUID callId, UUID legId, MediaEndpoint endpoint, Dialog dialog, ClientTransaction invite) {
        return new SipLeg(callId, legId, Side.CALLEE, endpoint, dialog, null, null, invite);
    }

    Optional<ScheduledFuture<?>> ringTimer() {
        return Optional.ofNullable(ringTimer);
    }

    @Override
    public String toString() {
        return "call=" + callId + " leg=" + legId;
    }
}
