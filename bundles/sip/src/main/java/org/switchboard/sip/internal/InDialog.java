package org.switchboard.sip.internal;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ReferToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegState;
import org.switchboard.api.call.Party;
import org.switchboard.api.number.Route;

/**
 * Requests inside an established call: BYE; re-INVITE and UPDATE (new media, session refresh, and
 * hold from the phone, which core turns into music for the other party); REFER (blind transfer from
 * the phone, reported back with NOTIFY); and our own re-INVITEs that tell a party it is on hold.
 */
final class InDialog {
    private static final Logger LOG = LoggerFactory.getLogger(InDialog.class);

    private final CallServices services;
    private final SipLegs legs;
    private final SipSignals signals;
    private final SessionTimers sessionTimers;

    InDialog(CallServices services, SipLegs legs, SipSignals signals, SessionTimers sessionTimers) {
        this.services = services;
        this.legs = legs;
        this.signals = signals;
        this.sessionTimers = sessionTimers;
    }

    static Optional<SipLeg> legOf(IncomingRequest in) {
        return in.dialog().map(Dialog::getApplicationData).filter(SipLeg.class::isInstance).map(SipLeg.class::cast);
    }

    void bye(IncomingRequest in) {
        Optional<SipLeg> found = legOf(in);
        if (found.isEmpty()) {
            // our own BYE may have crossed this one: the dialog is ours and ending, so it is no error
            boolean ending = in.dialog().map(Dialog::getApplicationData).filter(SipLegs.EndedLeg.class::isInstance).isPresent();
            in.respond(ending ? Response.OK : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        in.respond(Response.OK);
        SipLeg leg = found.get();
        if (SipLegs.markEnded(leg)) {
            legs.ended(leg, leg.side == SipLeg.Side.CALLER ? EndReason.CALLER_HANGUP : EndReason.CALLEE_HANGUP);
        }
    }

    /**
     * A re-INVITE or UPDATE in one of our dialogs: new remote media on the same endpoint, a session
     * refresh, or the phone putting the other party on hold (sendonly/inactive) or taking it off.
     */
    void refresh(IncomingRequest in) throws ParseException {
        Optional<SipLeg> found = legOf(in);
        if (found.isEmpty() || services.media().isEmpty()) {
            in.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        SipLeg leg = found.get();
        if (sessionTimers.refusedTooSmall(in)) {
            return; // RFC 4028 §6: a refresh may not shorten the session below our Min-SE either
        }
        byte[] body = in.request().getRawContent();
        Optional<Boolean> holdChange = Optional.empty();
        Response ok;
        synchronized (leg) {
            if (leg.ended) {
                in.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                return;
            }
            Sdp.Direction direction = leg.heldByUs ? Sdp.Direction.SENDONLY : Sdp.Direction.SENDRECV;
            if (body != null && body.length > 0) {
                Sdp.Announced offer;
                try {
                    offer = Sdp.parse(new String(body, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    in.respond(Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here (" + LogText.oneLine(e.getMessage())
                            + ")");
                    return;
                }
                leg.codec = offer.codecs().contains(leg.codec) ? leg.codec : offer.preferred().orElseThrow();
                leg.telephoneEvent = offer.telephoneEvent();
                if (offer.reachable()) {
                    services.media().get().setRemote(leg.endpoint.id(), offer.remote(leg.codec));
                } // else an RFC 2543 hold: its previous address stays, resuming sets the real one
                direction = leg.heldByUs ? held(offer.direction()) : offer.direction().answer();
                if (leg.answered && offer.onHold() != leg.holding) {
                    leg.holding = offer.onHold();
                    holdChange = Optional.of(offer.onHold());
                }
            }
            if (Request.INVITE.equals(in.method()) && (body == null || body.length == 0)) {
                leg.lateOffer = true; // our 200 offers, the ACK answers
            }
            leg.sdpVersion++;
            ok = in.response(Response.OK);
            ok.addHeader(signals.contact(in.transport()));
            // an UPDATE without an offer (a session refresh) gets no SDP; a re-INVITE always does
            if (body != null && body.length > 0 || Request.INVITE.equals(in.method())) {
                ok.setContent(Sdp.session(leg.endpoint, leg.codec, leg.telephoneEvent, leg.sdpVersion, direction),
                        signals.sdpType());
            }
            sessionTimers.accept(leg, in.request(), ok, signals);
        }
        in.send(ok);
        holdChange.ifPresent(held -> holdOtherParty(leg, held));
    }

    /**
     * The ACK to our 200 for a late offer carries the caller's answer: its codec and address.
     * Other ACKs (and retransmissions) change nothing.
     */
    void ack(IncomingRequest in) {
        Optional<SipLeg> found = legOf(in);
        byte[] body = in.request().getRawContent();
        if (found.isEmpty() || body == null || body.length == 0 || services.media().isEmpty()) {
            return;
        }
        SipLeg leg = found.get();
        boolean badAnswer = false;
        synchronized (leg) {
            if (!leg.lateOffer || leg.ended) {
                return;
            }
            leg.lateOffer = false;
            try {
                Sdp.Announced answer = Sdp.parse(new String(body, StandardCharsets.UTF_8));
                leg.codec = answer.preferred().orElseThrow();
                leg.telephoneEvent = answer.telephoneEvent();
                services.media().get().setRemote(leg.endpoint.id(), answer.remote(leg.codec));
            } catch (IllegalArgumentException e) {
                LOG.info("sip: {} answered our offer in its ACK without usable SDP ({}); ending it", leg,
                        LogText.oneLine(e.getMessage()));
                badAnswer = true;
                leg.ended = true;
            }
        }
        if (badAnswer) {
            // RFC 3261 §13.3.1.4: an unacceptable answer in the ACK ends the session
            signals.bye(leg.dialog, leg);
            legs.ended(leg, EndReason.FAILED);
        }
    }

    /** What we answer while we hold the party ourselves: we keep sending music, never receive. */
    private static Sdp.Direction held(Sdp.Direction offered) {
        return offered == Sdp.Direction.SENDONLY || offered == Sdp.Direction.INACTIVE ? Sdp.Direction.INACTIVE
                : Sdp.Direction.SENDONLY;
    }

    /** The phone held (or resumed) its call: core holds the other party, who then hears music. */
    private void holdOtherParty(SipLeg leg, boolean held) {
        Optional<CallService> calls = services.calls();
        Optional<Leg> other = calls.flatMap(c -> c.find(leg.callId)).flatMap(call -> otherParty(call, leg.legId));
        if (calls.isEmpty() || other.isEmpty()) {
            return;
        }
        try {
            if (held && !other.get().held()) {
                calls.get().hold(other.get().id());
            } else if (!held && other.get().held()) {
                calls.get().resume(other.get().id());
            }
        } catch (IllegalCallStateException e) {
            LOG.debug("sip: {} hold from the phone not applied: {}", leg, e.getMessage());
        }
    }

    private static Optional<Leg> otherParty(Call call, UUID legId) {
        List<Leg> others = call.legs().stream().filter(l -> l.state() == LegState.ANSWERED && !l.id().equals(legId))
                .toList();
        return others.size() == 1 ? Optional.of(others.get(0)) : Optional.empty();
    }

    /** Tells a party it is on hold (a=sendonly: it hears our music and need not send) or no longer. */
    void signalHold(SipLeg leg, boolean held) {
        Request reinvite;
        synchronized (leg) {
            if (!leg.answered || leg.ended || leg.dialog == null || leg.heldByUs == held) {
                return;
            }
            leg.heldByUs = held;
            leg.sdpVersion++;
            try {
                reinvite = leg.dialog.createRequest(Request.INVITE);
                reinvite.setHeader(signals.contact(leg.transport));
                reinvite.setContent(Sdp.session(leg.endpoint, leg.codec, leg.telephoneEvent, leg.sdpVersion,
                        held ? Sdp.Direction.SENDONLY : Sdp.Direction.SENDRECV), signals.sdpType());
            } catch (Exception e) {
                LOG.debug("sip: {} cannot build the hold re-INVITE: {}", leg, e.getMessage());
                return;
            }
        }
        try {
            signals.sendInDialog(leg, reinvite, new ReinviteResponses(leg));
        } catch (Exception e) {
            LOG.debug("sip: {} hold re-INVITE not sent: {}", leg, e.getMessage());
        }
    }

    /** Answers to our re-INVITE: ACK the 2xx and follow the media the party answered with. */
    private final class ReinviteResponses implements ResponseListener {
        private final SipLeg leg;

        ReinviteResponses(SipLeg leg) {
            this.leg = leg;
        }

        @Override
        public void onResponse(ResponseEvent event) {
            Response response = event.getResponse();
            if (response.getStatusCode() / 100 != 2) {
                if (response.getStatusCode() >= 300) {
                    LOG.info("sip: {} refused our re-INVITE: {}", leg, response.getStatusCode());
                }
                return;
            }
            try {
                Dialog dialog = event.getDialog() != null ? event.getDialog() : leg.dialog;
                dialog.sendAck(dialog.createAck(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber()));
                byte[] body = response.getRawContent();
                if (body != null && body.length > 0) {
                    Sdp.Announced answer = Sdp.parse(new String(body, StandardCharsets.UTF_8));
                    services.media().ifPresent(media -> media.setRemote(leg.endpoint.id(), answer.remote(leg.codec)));
                }
            } catch (Exception e) {
                LOG.debug("sip: {} re-INVITE answer: {}", leg, e.getMessage());
            }
        }

        @Override
        public void onTimeout() {
            LOG.info("sip: {} did not answer our re-INVITE", leg);
        }
    }

    /** RFC 3515 blind transfer from the phone: 202, then core moves the other party to the target. */
    void refer(IncomingRequest in) throws ParseException {
        Optional<SipLeg> found = legOf(in);
        ReferToHeader referTo = (ReferToHeader) in.request().getHeader(ReferToHeader.NAME);
        if (found.isEmpty()) {
            in.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        if (referTo == null) {
            in.respond(Response.BAD_REQUEST, "Bad Request (Refer-To missing)");
            return;
        }
        SipLeg leg = found.get();
        Optional<CallService> calls = services.calls();
        if (calls.isEmpty() || services.plan().isEmpty()) {
            in.respond(Response.SERVICE_UNAVAILABLE, "Service Unavailable (call control is starting)");
            return;
        }
        String target = CallerSide.userOf(referTo.getAddress().getURI()).orElse("");
        Route route = services.plan().get().route(target);
        Optional<Party> party = CallRouting.partyOf(route);
        if (party.isEmpty()) {
            in.respond(Response.NOT_FOUND, "Not Found (cannot transfer to " + LogText.oneLine(target) + ")");
            return;
        }
        synchronized (leg) {
            if (!leg.answered || leg.ended) {
                in.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                return;
            }
            leg.referred = true;
        }
        in.respond(Response.ACCEPTED);
        notifyTransfer(leg, "SIP/2.0 100 Trying", false);
        try {
            calls.get().blindTransfer(leg.legId, LegKind.SIP, party.get());
            LOG.info("sip: {} transferred by REFER to {}", leg, target);
        } catch (IllegalCallStateException e) {
            synchronized (leg) {
                leg.referred = false;
            }
            notifyTransfer(leg, "SIP/2.0 503 Service Unavailable", true);
        }
    }

    /** RFC 3515 §2.4.4: the transfer's progress as a sipfrag NOTIFY in the REFER's implicit subscription. */
    void notifyTransfer(SipLeg leg, String statusLine, boolean terminated) {
        try {
            Request notify = leg.dialog.createRequest(Request.NOTIFY);
            notify.setHeader(signals.header("Event", "refer"));
            notify.setHeader(signals.header("Subscription-State", terminated ? "terminated;reason=noresource"
                    : "active;expires=60"));
            notify.setHeader(signals.contact(leg.transport));
            notify.setContent(statusLine + "\r\n", signals.endpoint().headers.createContentTypeHeader("message",
                    "sipfrag;version=2.0"));
            signals.sendInDialog(leg, notify, ResponseListener.IGNORE);
        } catch (Exception e) {
            LOG.debug("sip: {} NOTIFY not sent: {}", leg, e.getMessage());
        }
    }
}
