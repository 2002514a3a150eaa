package org.switchboard.sip.internal;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ListeningPoint;
import javax.sip.ResponseEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Party;
import org.switchboard.api.call.CallService;
import org.switchboard.api.number.E164;
import org.switchboard.api.registration.Registration;

/**
 * Our INVITEs: to every registered contact of an agent at once (forking; the first to answer wins
 * and the others are cancelled), or to a carrier trunk with the call's caller ID. Each INVITE is a
 * {@link Branch} of its leg; {@link BranchResponses} follows its answers.
 */
final class Dialer {
    private static final Logger LOG = LoggerFactory.getLogger(Dialer.class);

    private final SipSignals signals;
    private final SipLegs legs;
    private final CallServices services;
    private final String domain;
    private final SessionTimers sessionTimers;

    Dialer(SipSignals signals, SipLegs legs, CallServices services, String domain, SessionTimers sessionTimers) {
        this.signals = signals;
        this.legs = legs;
        this.services = services;
        this.domain = domain;
        this.sessionTimers = sessionTimers;
    }

    /** Rings every contact of an agent for the leg; {@code from} is who the phone shows as calling. */
    void ringContacts(SipLeg leg, List<Registration> contacts, Party from) {
        for (Registration contact : contacts) {
            Branch branch = new Branch(leg, contact.contact(), contact.transport());
            synchronized (leg) {
                leg.branches.add(branch);
            }
            try {
                SipEndpoint sip = signals.endpoint();
                URI target = sip.addresses.createURI(contact.contact());
                Request invite = invite(sip, target, fromAddress(sip, from), sip.addresses.createAddress(target),
                        contact.transport(), leg);
                natRoute(sip, invite, target, contact).ifPresent(invite::addHeader);
                send(branch, invite);
            } catch (Exception e) {
                LOG.warn("sip: {} cannot INVITE {}: {}", leg, contact.contact(), e.toString());
                branchFailed(branch, Response.SERVER_INTERNAL_ERROR);
            }
        }
    }

    /** Dials an outside number through a carrier trunk, presenting the call's caller ID. */
    void ringTrunk(SipLeg leg, Trunk trunk, E164 number, Call call) {
        Branch branch = new Branch(leg, trunk.name(), trunk.transport());
        branch.trunk = Optional.of(trunk);
        synchronized (leg) {
            leg.branches.add(branch);
            leg.trunk = Optional.of(trunk.name());
        }
        try {
            SipEndpoint sip = signals.endpoint();
            SipURI target = sip.addresses.createSipURI(number.value(), trunk.host());
            target.setPort(trunk.port());
            if (!"UDP".equals(trunk.transport())) {
                target.setTransportParam(trunk.transport().toLowerCase(Locale.ROOT));
            }
            target.setUserParam("phone");
            Address from = call.callerId().isPresent()
                    ? address(sip, sip.addresses.createSipURI(call.callerId().get().value(), domain),
                            call.caller().displayName())
                    : address(sip, sip.addresses.createSipURI("anonymous", "anonymous.invalid"), "Anonymous");
            Request invite = invite(sip, target, from, sip.addresses.createAddress(target), trunk.transport(), leg);
            if (call.callerId().isPresent()) {
                invite.addHeader(signals.header("P-Asserted-Identity", "<sip:" + call.callerId().get().value() + "@"
                        + domain + ">"));
            }
            send(branch, invite);
        } catch (Exception e) {
            LOG.warn("sip: {} cannot INVITE trunk {}: {}", leg, trunk.name(), e.toString());
            branchFailed(branch, Response.SERVER_INTERNAL_ERROR);
        }
    }

    private Request invite(SipEndpoint sip, URI target, Address from, Address to, String transport, SipLeg leg)
            throws Exception {
        ListeningPoint local = sip.listeningPoint(transport);
        ViaHeader via = sip.headers.createViaHeader(local.getIPAddress(), local.getPort(), transport, sip.newBranch());
        Request invite = sip.messages.createRequest(target, Request.INVITE, sip.provider().getNewCallId(),
                sip.headers.createCSeqHeader(1L, Request.INVITE), sip.headers.createFromHeader(from, newTag()),
                sip.headers.createToHeader(to, null), List.of(via), sip.headers.createMaxForwardsHeader(maxForwards(leg)));
        invite.addHeader(signals.contact(transport));
        invite.addHeader(sip.headers.createSupportedHeader("100rel"));
        invite.addHeader(sip.headers.createAllowHeader("INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, OPTIONS, UPDATE, PRACK"));
        sessionTimers.offer(invite);
        invite.setContent(Sdp.offer(leg.endpoint, leg.sdpVersion), signals.sdpType());
        return invite;
    }

    /**
     * One less than the caller's INVITE allowed, so a call that loops through a carrier back to us
     * dies out (483) instead of circling; 70 for calls we start ourselves.
     */
    private int maxForwards(SipLeg leg) {
        return legs.callerOf(leg.callId).flatMap(caller -> caller.serverInvite)
                .map(invite -> (MaxForwardsHeader) invite.getRequest().getHeader(MaxForwardsHeader.NAME))
                .map(header -> Math.max(0, header.getMaxForwards() - 1))
                .orElse(70);
    }

    private void send(Branch branch, Request invite) throws Exception {
        SipEndpoint sip = signals.endpoint();
        ClientTransaction transaction = sip.provider().getNewClientTransaction(invite);
        Dialog dialog = sip.provider().getNewDialog(transaction);
        synchronized (branch.leg) {
            branch.invite = transaction;
            branch.dialog = dialog;
        }
        dialog.setApplicationData(branch.leg);
        transaction.setApplicationData(new BranchResponses(branch));
        transaction.sendRequest();
    }

    /** The phone may sit behind NAT: send where its REGISTER came from, not to what its contact says. */
    private static Optional<RouteHeader> natRoute(SipEndpoint sip, Request invite, URI target,
            Registration contact) throws ParseException {
        return SourceRoute.towards(sip, target, contact.source(), contact.transport());
    }

    private Address fromAddress(SipEndpoint sip, Party party) throws ParseException {
        String user = party.number().map(E164::value).orElseGet(() -> userOf(party.address()).orElse("anonymous"));
        return address(sip, sip.addresses.createSipURI(user, domain), party.displayName());
    }

    private static Address address(SipEndpoint sip, URI uri, String displayName) {
        Address address = sip.addresses.createAddress(uri);
        if (displayName != null && !displayName.isEmpty()) {
            try {
                address.setDisplayName(displayName);
            } catch (ParseException e) {
                // shown without a name
            }
        }
        return address;
    }

    private static Optional<String> userOf(String address) {
        String user = address.replaceFirst("^sips?:", "");
        int at = user.indexOf('@');
        user = at >= 0 ? user.substring(0, at) : user;
        return user.isEmpty() || user.contains(":") ? Optional.empty() : Optional.of(user);
    }

    static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    // ---- answers -------------------------------------------------------------------------

    /** A branch got a final failure: when it was the leg's last, the leg failed with the most telling status. */
    private void branchFailed(Branch branch, int status) {
        SipLeg leg = branch.leg;
        boolean last;
        synchronized (leg) {
            branch.ended = true;
            branch.finalStatus = status;
            last = !leg.answered && leg.pendingBranches().isEmpty() && !leg.ended;
            if (last) {
                leg.ended = true;
            }
        }
        if (last) {
            legs.ended(leg, reasonOf(leg));
        }
    }

    /** Busy or declined wins over no answer: it is what the caller should hear. */
    private static EndReason reasonOf(SipLeg leg) {
        List<EndReason> reasons = leg.branches.stream().map(b -> B2bua.reasonOf(b.finalStatus)).toList();
        for (EndReason telling : List.of(EndReason.REJECTED, EndReason.BUSY, EndReason.NO_ANSWER)) {
            if (reasons.contains(telling)) {
                return telling;
            }
        }
        return reasons.isEmpty() ? EndReason.FAILED : reasons.get(0);
    }

    /** Responses to one branch's INVITE. */
    private final class BranchResponses implements ResponseListener {
        private final Branch branch;

        BranchResponses(Branch branch) {
            this.branch = branch;
        }

        @Override
        public void onResponse(ResponseEvent event) {
            Response response = event.getResponse();
            int code = response.getStatusCode();
            if (code == Response.TRYING) {
                return;
            }
            if (code < 200) {
                provisional(event);
            } else if (code < 300) {
                answered(event);
            } else if ((code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED)
                    && retryWithDigest(response)) {
                return;
            } else if (code == 422 && retryWithLongerSession(response)) {
                return;
            } else {
                branchFailed(branch, code);
            }
        }

        @Override
        public void onTimeout() {
            branchFailed(branch, Response.REQUEST_TIMEOUT);
        }

        private void provisional(ResponseEvent event) {
            Response response = event.getResponse();
            SipLeg leg = branch.leg;
            boolean ringing;
            synchronized (leg) {
                branch.provisional = true;
                if (branch.cancelPending) {
                    branch.cancelPending = false;
                    signals.cancel(branch, null);
                    return;
                }
                ringing = !leg.ended && !leg.answered;
            }
            acknowledgeReliably(event);
            if (!ringing) {
                return;
            }
            if (leg.side == SipLeg.Side.CALLER) {
                return; // the agent's own phone ringing for click-to-call: core's caller leg rings already
            }
            try {
                // core tells the caller (LegDriver.alerting), as it does when a browser rings
                services.calls().ifPresent(calls -> calls.legRinging(leg.legId));
            } catch (IllegalCallStateException e) {
                LOG.debug("sip: {} rang after its call moved on: {}", leg, e.getMessage());
            }
        }

        /** RFC 3262: a provisional response that requires 100rel gets a PRACK. */
        private void acknowledgeReliably(ResponseEvent event) {
            Response response = event.getResponse();
            RequireHeader require = (RequireHeader) response.getHeader(RequireHeader.NAME);
            if (require == null || !"100rel".equalsIgnoreCase(require.getOptionTag()) || event.getDialog() == null) {
                return;
            }
            try {
                Request prack = event.getDialog().createPrack(response);
                ClientTransaction transaction = signals.endpoint().provider().getNewClientTransaction(prack);
                event.getDialog().sendRequest(transaction);
            } catch (Exception e) {
                LOG.debug("sip: {} PRACK failed: {}", branch.leg, e.getMessage());
            }
        }

        private void answered(ResponseEvent event) {
            Response response = event.getResponse();
            SipLeg leg = branch.leg;
            Dialog dialog = event.getDialog() != null ? event.getDialog() : branch.dialog;
            try {
                Request ack = dialog.createAck(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber());
                dialog.sendAck(ack);
                synchronized (leg) {
                    branch.ack = ack;
                }
            } catch (Exception e) {
                LOG.warn("sip: {} cannot ACK: {}", leg, e.toString());
            }
            boolean won;
            List<Branch> losers;
            synchronized (leg) {
                branch.ended = true;
                branch.finalStatus = response.getStatusCode();
                won = !leg.ended && !leg.answered;
                if (won) {
                    leg.answered = true;
                    leg.dialog = dialog;
                    leg.transport = branch.transport;
                }
                losers = won ? leg.pendingBranches() : List.of();
                losers.forEach(other -> {
                    other.ended = true;
                    signals.cancel(other, EndReason.ANSWERED_ELSEWHERE);
                });
            }
            if (!won) {
                // a second phone answered, or we were cancelling: it is up now, so end it properly
                signals.bye(dialog, leg);
                return;
            }
            Sdp.Announced answer;
            try {
                byte[] body = response.getRawContent();
                answer = Sdp.parse(new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                LOG.warn("sip: {} answered without usable SDP: {}", leg, LogText.oneLine(e.getMessage()));
                if (SipLegs.markEnded(leg)) {
                    signals.bye(dialog, leg);
                    legs.ended(leg, EndReason.FAILED);
                }
                return;
            }
            synchronized (leg) {
                leg.codec = answer.preferred().orElseThrow();
                leg.telephoneEvent = answer.telephoneEvent();
            }
            services.media().ifPresent(media -> media.setRemote(leg.endpoint.id(), answer.remote(leg.codec)));
            LOG.debug("sip: {} answered by {}", leg, branch.target);
            sessionTimers.answered(leg, response);
            if (leg.onAgentAnswered != null) {
                leg.onAgentAnswered.run();
                return;
            }
            try {
                CallService calls = services.calls().orElseThrow(() -> new IllegalCallStateException("call control is gone"));
                calls.attachMedia(leg.legId, leg.endpoint.id());
                calls.legAnswered(leg.legId);
            } catch (IllegalCallStateException | java.util.NoSuchElementException e) {
                if (SipLegs.markEnded(leg)) {
                    signals.bye(dialog, leg);
                    legs.finish(leg);
                }
            }
        }

        /** RFC 4028 §7.3: the callee wants a longer session than we offered: ask once more with its Min-SE. */
        private boolean retryWithLongerSession(Response tooSmall) {
            try {
                Request previous = branch.invite.getRequest();
                OptionalInt longer = sessionTimers.retryInterval(tooSmall, previous);
                if (longer.isEmpty()) {
                    return false;
                }
                Request retry = (Request) previous.clone();
                CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
                cseq.setSeqNumber(cseq.getSeqNumber() + 1);
                ((ViaHeader) retry.getHeader(ViaHeader.NAME)).setBranch(signals.endpoint().newBranch());
                retry.setHeader(signals.header("Session-Expires", String.valueOf(longer.getAsInt())));
                retry.setHeader(signals.header("Min-SE", String.valueOf(longer.getAsInt())));
                synchronized (branch.leg) {
                    if (branch.leg.ended) {
                        return true;
                    }
                    branch.provisional = false;
                }
                send(branch, retry);
                return true;
            } catch (Exception e) {
                LOG.info("sip: {} cannot retry after 422: {}", branch.leg, e.toString());
                return false;
            }
        }

        /** A carrier challenged our INVITE: send it again once, with the trunk's credentials. */
        private boolean retryWithDigest(Response challenge) {
            if (branch.trunk.isEmpty() || branch.authenticated) {
                return false;
            }
            Trunk trunk = branch.trunk.get();
            try {
                Request previous = branch.invite.getRequest();
                Optional<DigestClient.Answer> answer = DigestClient.answer(challenge, Request.INVITE,
                        previous.getRequestURI(), trunk.username(), trunk.password(), trunk.realm(),
                        signals.endpoint().headers);
                if (answer.isEmpty() || trunk.username().isEmpty()) {
                    return false;
                }
                Request retry = (Request) previous.clone();
                CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
                cseq.setSeqNumber(cseq.getSeqNumber() + 1);
                ViaHeader via = (ViaHeader) retry.getHeader(ViaHeader.NAME);
                via.setBranch(signals.endpoint().newBranch());
                retry.setHeader(answer.get().authorization());
                synchronized (branch.leg) {
                    if (branch.leg.ended) {
                        return true;
                    }
                    branch.authenticated = true;
                    branch.provisional = false;
                }
                send(branch, retry);
                return true;
            } catch (Exception e) {
                LOG.warn("sip: {} cannot answer the challenge of trunk {}: {}", branch.leg, trunk.name(), e.toString());
                return false;
            }
        }
    }
}
