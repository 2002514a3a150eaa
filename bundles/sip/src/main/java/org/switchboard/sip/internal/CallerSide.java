package org.switchboard.sip.internal;

import gov.nist.javax.sip.ServerTransactionExt;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.CallerIdNotAllowedException;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.MediaService;
import org.switchboard.api.media.MediaUnavailableException;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.NumberPlan;
import org.switchboard.api.number.Route;
import org.switchboard.api.registration.SipCredentials;

/**
 * A new call from a phone or a trunk: who calls (a trunk peer, or an agent proven by digest), what
 * they may dial (agents: our numbers, and outside with one of their caller IDs; trunks: only our
 * numbers), then the call is opened in core with the caller's media anchored, and offered where the
 * number plan says. Also the caller's CANCEL.
 */
final class CallerSide {
    private static final Logger LOG = LoggerFactory.getLogger(CallerSide.class);

    /** Marks an INVITE transaction whose CANCEL came before its leg was opened. */
    private static final Object CANCELLED_WHILE_OPENING = new Object();

    private final CallServices services;
    private final DigestGuard guard;
    private final String realm;
    private final String domain;
    private final SipLegs legs;
    private final SipSignals signals;
    private final RingTimeouts ringTimeouts;
    private final SessionTimers sessionTimers;

    CallerSide(CallServices services, DigestGuard guard, String realm, String domain, SipLegs legs, SipSignals signals,
            RingTimeouts ringTimeouts, SessionTimers sessionTimers) {
        this.services = services;
        this.guard = guard;
        this.realm = realm;
        this.domain = domain;
        this.legs = legs;
        this.signals = signals;
        this.ringTimeouts = ringTimeouts;
        this.sessionTimers = sessionTimers;
    }

    /** What the caller is, once it passed the checks. */
    private record Caller(Party party, CallDirection direction, Optional<E164> callerId) {}

    void invite(IncomingRequest in) throws ParseException {
        Optional<CallService> calls = services.calls();
        Optional<MediaService> media = services.media();
        Optional<NumberPlan> plan = services.plan();
        if (calls.isEmpty() || media.isEmpty() || plan.isEmpty()) {
            in.respond(Response.SERVICE_UNAVAILABLE, "Service Unavailable (call control is starting)");
            return;
        }
        FromHeader from = (FromHeader) in.request().getHeader(FromHeader.NAME);
        String fromUser = userOf(from.getAddress().getURI()).orElse("");
        Optional<SipCredentials> agent = Optional.empty();
        if (in.trunk().isEmpty()) {
            agent = guard.authenticate(in, DigestHeaders.Kind.PROXY, realm, fromUser);
            if (agent.isEmpty()) {
                return; // challenged or refused
            }
        }
        if (sessionTimers.refusedTooSmall(in)) {
            return;
        }
        byte[] body = in.request().getRawContent();
        // no body: a late offer (RFC 3261 §13.2.1): our 200 carries the offer, the ACK the answer
        Optional<Sdp.Announced> offer = Optional.empty();
        if (body != null && body.length > 0) {
            try {
                offer = Optional.of(Sdp.parse(new String(body, StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                in.respond(Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here (" + LogText.oneLine(e.getMessage())
                        + ")");
                return;
            }
        }
        String dialed = userOf(in.request().getRequestURI()).orElse("");
        Route route = plan.get().route(dialed);
        if (route instanceof Route.Unroutable unroutable) {
            in.respond(Response.NOT_FOUND, "Not Found (" + LogText.oneLine(unroutable.reason()) + ")");
            return;
        }
        Caller caller;
        if (agent.isPresent()) {
            Optional<E164> callerId = Optional.empty();
            if (route instanceof Route.ToTrunk) {
                try {
                    callerId = plan.get().callerIdFor(agent.get().agentId(), preferredIdentity(in));
                } catch (CallerIdNotAllowedException e) {
                    LOG.info("sip: {} refused from {}: {}", dialed, agent.get().username(), e.getMessage());
                    in.respond(Response.FORBIDDEN, "Forbidden (" + LogText.oneLine(e.getMessage()) + ")");
                    return;
                }
            }
            caller = new Caller(Party.agent(agent.get().agentId(), "sip:" + agent.get().username() + "@" + domain,
                    Optional.ofNullable(from.getAddress().getDisplayName()).orElse(agent.get().username())),
                    route instanceof Route.ToTrunk ? CallDirection.OUTBOUND : CallDirection.INTERNAL, callerId);
        } else {
            if (route instanceof Route.ToTrunk) {
                // a carrier may only reach our numbers: relaying it back out would be toll fraud
                in.respond(Response.FORBIDDEN, "Forbidden (only our numbers can be called through a trunk)");
                return;
            }
            Optional<E164> number = e164(fromUser);
            caller = new Caller(new Party(from.getAddress().getURI().toString(), number, Optional.empty(),
                    Optional.ofNullable(from.getAddress().getDisplayName()).orElse("")), CallDirection.INBOUND, number);
        }
        open(in, calls.get(), media.get(), caller, dialed, offer, route);
    }

    private void open(IncomingRequest in, CallService calls, MediaService media, Caller caller, String dialed,
            Optional<Sdp.Announced> offer, Route route) {
        Call call;
        try {
            call = calls.open(caller.direction(), LegKind.SIP, caller.party(), dialed, caller.callerId());
        } catch (IllegalCallStateException e) {
            in.respond(Response.SERVICE_UNAVAILABLE, "Service Unavailable (" + LogText.oneLine(e.getMessage()) + ")");
            return;
        }
        UUID callId = call.id();
        UUID callerLegId = call.legs().get(0).id();
        MediaEndpoint endpoint;
        try {
            endpoint = media.allocate(callerLegId);
        } catch (MediaUnavailableException e) {
            in.respond(Response.SERVICE_UNAVAILABLE, "Service Unavailable (no media port)");
            legs.reportEnded(callId, callerLegId, EndReason.FAILED);
            return;
        }
        Dialog dialog;
        try {
            dialog = in.endpoint().provider().getNewDialog(in.transaction());
        } catch (Exception e) {
            media.release(endpoint.id());
            in.respond(Response.SERVER_INTERNAL_ERROR);
            legs.reportEnded(callId, callerLegId, EndReason.FAILED);
            return;
        }
        SipLeg leg = SipLeg.answering(callId, callerLegId, endpoint, dialog, in.transaction(), Dialer.newTag());
        leg.lateOffer = offer.isEmpty();
        leg.codec = offer.flatMap(Sdp.Announced::preferred).orElse(Codec.PCMU);
        leg.telephoneEvent = offer.map(Sdp.Announced::telephoneEvent).orElse(OptionalInt.empty());
        leg.transport = in.transport();
        in.trunk().ifPresent(trunk -> leg.trunk = Optional.of(trunk.name()));
        dialog.setApplicationData(leg);
        if (!claim(in.transaction(), leg)) {
            // the caller's CANCEL came while the call was being opened; it has had its 487
            dialog.delete();
            media.release(endpoint.id());
            legs.reportEnded(callId, callerLegId, EndReason.CANCELLED);
            return;
        }
        legs.add(leg);
        offer.ifPresent(announced -> media.setRemote(endpoint.id(), announced.remote(leg.codec)));
        in.respond(Response.TRYING);
        LOG.debug("sip: call={} {} {} -> {}", call.id(), caller.direction().name().toLowerCase(Locale.ROOT),
                caller.party().address(), dialed);
        if (!(route instanceof Route.ToGroup)) {
            ringTimeouts.arm(leg); // a group's hunt has its own timeouts in core
        }
        try {
            calls.route(callId, route);
        } catch (IllegalCallStateException e) {
            LOG.debug("sip: call={} ended before it was offered: {}", callId, e.getMessage());
        }
    }

    /** The answer to the caller once core bridged the call: 200 OK with our SDP (and session timer headers). */
    Header[] answerHeaders(SipLeg leg) {
        try {
            return sessionTimers.forAnswer(leg, leg.serverInvite.orElseThrow().getRequest());
        } catch (ParseException e) {
            return new Header[0];
        }
    }

    /** Ties the INVITE's transaction to its leg; false when a CANCEL got there first. */
    private static boolean claim(ServerTransaction invite, SipLeg leg) {
        synchronized (invite) {
            if (invite.getApplicationData() == CANCELLED_WHILE_OPENING) {
                return false;
            }
            invite.setApplicationData(leg);
            return true;
        }
    }

    void cancel(IncomingRequest in) {
        ServerTransaction invite = in.transaction() instanceof ServerTransactionExt ext
                ? ext.getCanceledInviteTransaction() : null;
        if (invite == null) {
            in.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        SipLeg leg = null;
        boolean over = false;
        synchronized (invite) {
            if (invite.getApplicationData() instanceof SipLeg opened) {
                leg = opened;
            } else if (invite.getApplicationData() instanceof SipLegs.EndedLeg) {
                over = true; // its leg has already ended: nothing left to cancel
            } else {
                // the INVITE is still being handled (under load it may wait for a worker): it sees this in claim
                invite.setApplicationData(CANCELLED_WHILE_OPENING);
            }
        }
        in.respond(Response.OK);
        if (over) {
            return;
        }
        if (leg == null) {
            terminate(in, invite);
            return;
        }
        synchronized (leg) {
            if (leg.answered || leg.ended) {
                return;
            }
            leg.ended = true;
        }
        signals.respond(leg, Response.REQUEST_TERMINATED, null);
        legs.ended(leg, EndReason.CANCELLED);
    }

    /** 487 to an INVITE cancelled before its leg existed (no effect if it was answered already). */
    private static void terminate(IncomingRequest in, ServerTransaction invite) {
        try {
            Response terminated = in.endpoint().messages.createResponse(Response.REQUEST_TERMINATED, invite.getRequest());
            ((ToHeader) terminated.getHeader(ToHeader.NAME)).setTag(Dialer.newTag());
            invite.sendResponse(terminated);
        } catch (Exception e) {
            LOG.debug("sip: 487 to a cancelled INVITE not sent: {}", e.getMessage());
        }
    }

    /** The caller ID a phone asks to present (RFC 3325 P-Preferred-Identity), if it asks. */
    private static Optional<E164> preferredIdentity(IncomingRequest in) {
        Header header = in.request().getHeader("P-Preferred-Identity");
        if (header == null) {
            return Optional.empty();
        }
        String value = header.toString();
        value = value.substring(value.indexOf(':') + 1).trim();
        String user = value.replaceAll(".*<?(sips?|tel):([^@;>]+).*", "$2").trim();
        return Optional.of(e164(user).orElseThrow(() -> new CallerIdNotAllowedException(
                "P-Preferred-Identity " + LogText.oneLine(user) + " is not a phone number")));
    }

    static Optional<String> userOf(URI uri) {
        return uri instanceof SipURI sip && sip.getUser() != null ? Optional.of(sip.getUser()) : Optional.empty();
    }

    static Optional<E164> e164(String user) {
        String number = user.startsWith("+") ? user : "+" + user;
        return E164.isValid(number) ? Optional.of(E164.of(number)) : Optional.empty();
    }
}
