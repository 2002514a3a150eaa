package org.switchboard.sip.internal;

import gov.nist.javax.sip.ServerTransactionExt;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ListeningPoint;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.CallService;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.MediaService;
import org.switchboard.api.media.MediaUnavailableException;
import org.switchboard.api.media.Tone;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Route;
import org.switchboard.api.registration.Registration;
import org.switchboard.api.registration.RegistrationRepository;
import org.switchboard.api.registration.SipCredentials;

/**
 * The back-to-back user agent, first cut (behind {@code b2bua=true}): a phone's or a trunk's INVITE
 * becomes a call in core; each callee the number plan names gets its own INVITE to its newest
 * registered contact; every leg's audio is anchored on its own media endpoint (our SDP always points
 * there) and the two answered legs are bridged. Core's decisions come back through {@link LegDriver}.
 * SIP work for the driver runs on the SIP workers, never on core's thread.
 *
 * <p>Not yet: outbound calls through trunks, forking to several contacts of one agent, late offers
 * (INVITE without SDP), re-INVITEs we originate, PRACK, session timers.
 */
final class B2bua implements LegDriver {
    private static final Logger LOG = LoggerFactory.getLogger(B2bua.class);

    private final CallServices services;
    private final RegistrationRepository registrations;
    private final DigestGuard guard;
    private final String realm;
    private final String domain;
    private final Duration ringTimeout;
    private final Supplier<SipEndpoint> sip;
    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Map<UUID, SipLeg> legs = new ConcurrentHashMap<>();
    /** The endpoints bridged per call, so the same pair is not bridged twice. */
    private final Map<UUID, List<UUID>> bridged = new ConcurrentHashMap<>();

    B2bua(CallServices services, RegistrationRepository registrations, DigestGuard guard, String realm, String domain,
            Duration ringTimeout, Supplier<SipEndpoint> sip, Executor workers, ScheduledExecutorService timer,
            Clock clock) {
        this.services = services;
        this.registrations = registrations;
        this.guard = guard;
        this.realm = realm;
        this.domain = domain;
        this.ringTimeout = ringTimeout;
        this.sip = sip;
        this.workers = workers;
        this.timer = timer;
        this.clock = clock;
    }

    /** Live legs, for tests and diagnostics. */
    int liveLegs() {
        return legs.size();
    }

    // ---- requests ---------------------------------------------------------------------

    void invite(IncomingRequest in) throws ParseException {
        ToHeader to = (ToHeader) in.request().getHeader(ToHeader.NAME);
        if (to.getTag() != null) {
            reinvite(in);
            return;
        }
        Optional<CallService> calls = services.calls();
        Optional<MediaService> media = services.media();
        if (calls.isEmpty() || media.isEmpty() || services.plan().isEmpty()) {
            in.respond(Response.SERVICE_UNAVAILABLE, "Service Unavailable (call control is starting)");
            return;
        }
        Party caller;
        CallDirection direction;
        FromHeader from = (FromHeader) in.request().getHeader(FromHeader.NAME);
        String fromUser = userOf(from.getAddress().getURI()).orElse("");
        if (in.trunk().isPresent()) {
            direction = CallDirection.INBOUND;
            caller = new Party(from.getAddress().getURI().toString(), e164(fromUser), Optional.empty(),
                    Optional.ofNullable(from.getAddress().getDisplayName()).orElse(""));
        } else {
            Optional<SipCredentials> agent = guard.authenticate(in, DigestHeaders.Kind.PROXY, realm, fromUser);
            if (agent.isEmpty()) {
                return;
            }
            direction = CallDirection.INTERNAL;
            caller = Party.agent(agent.get().agentId(), "sip:" + agent.get().username() + "@" + domain,
                    Optional.ofNullable(from.getAddress().getDisplayName()).orElse(agent.get().username()));
        }
        byte[] body = in.request().getRawContent();
        if (body == null || body.length == 0) {
            in.respond(Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here (an SDP offer is required)");
            return;
        }
        Sdp.Announced offer;
        try {
            offer = Sdp.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            in.respond(Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here (" + LogText.oneLine(e.getMessage()) + ")");
            return;
        }
        String dialed = userOf(in.request().getRequestURI()).orElse("");
        Route route = services.plan().get().route(dialed);
        List<Agent> targets;
        Optional<Duration> groupTimeout = Optional.empty();
        if (route instanceof Route.ToAgent toAgent) {
            targets = List.of(toAgent.agent());
        } else if (route instanceof Route.ToGroup toGroup) {
            targets = toGroup.offerOrder();
            groupTimeout = Optional.of(toGroup.group().ringTimeout());
        } else if (route instanceof Route.ToTrunk) {
            in.respond(Response.NOT_IMPLEMENTED, "Not Implemented (calls out through trunks are not routed yet)");
            return;
        } else {
            in.respond(Response.NOT_FOUND, "Not Found (" + LogText.oneLine(((Route.Unroutable) route).reason()) + ")");
            return;
        }
        List<Target> reachable = new ArrayList<>();
        for (Agent agent : targets) {
            newestContact(agent.id()).ifPresent(contact -> reachable.add(new Target(agent, contact)));
        }
        if (reachable.isEmpty()) {
            in.respond(Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable (no registered phone)");
            return;
        }
        start(in, calls.get(), media.get(), direction, caller, dialed, offer, route, reachable,
                groupTimeout.orElse(ringTimeout));
    }

    private record Target(Agent agent, Registration contact) {}

    private void start(IncomingRequest in, CallService calls, MediaService media, CallDirection direction, Party caller,
            String dialed, Sdp.Announced offer, Route route, List<Target> targets, Duration timeout) {
        Call call;
        try {
            call = calls.open(direction, LegKind.SIP, caller, dialed, caller.number());
        } catch (IllegalCallStateException e) {
            in.respond(Response.SERVICE_UNAVAILABLE, "Service Unavailable (" + LogText.oneLine(e.getMessage()) + ")");
            return;
        }
        if (route instanceof Route.ToGroup group) {
            calls.assignGroup(call.id(), group.group().id());
        }
        Leg callerLeg = call.legs().get(0);
        MediaEndpoint endpoint;
        try {
            endpoint = media.allocate(callerLeg.id());
        } catch (MediaUnavailableException e) {
            in.respond(Response.SERVICE_UNAVAILABLE, "Service Unavailable (no media port)");
            calls.legEnded(callerLeg.id(), EndReason.FAILED);
            return;
        }
        Dialog dialog;
        try {
            dialog = in.endpoint().provider().getNewDialog(in.transaction());
        } catch (Exception e) {
            media.release(endpoint.id());
            in.respond(Response.SERVER_INTERNAL_ERROR);
            calls.legEnded(callerLeg.id(), EndReason.FAILED);
            return;
        }
        SipLeg leg = SipLeg.caller(call.id(), callerLeg.id(), endpoint, dialog, in.transaction(), newTag());
        leg.codec = offer.preferred().orElseThrow();
        leg.telephoneEvent = offer.telephoneEvent();
        dialog.setApplicationData(leg);
        in.transaction().setApplicationData(leg);
        legs.put(leg.legId, leg);
        media.setRemote(endpoint.id(), offer.remote(leg.codec));
        in.respond(Response.TRYING);
        LOG.info("sip: call={} {} {} -> {} ({} phone{})", call.id(), direction.name().toLowerCase(),
                caller.address(), dialed, targets.size(), targets.size() == 1 ? "" : "s");
        for (Target target : targets) {
            Leg callee = calls.addLeg(call.id(), LegKind.SIP, Party.agent(target.agent().id(),
                    "sip:" + target.agent().username() + "@" + domain, target.agent().displayName()));
            dial(call, callee, target.contact());
        }
        leg.ringTimer = timer.schedule(() -> workers.execute(() -> ringTimeout(call.id())), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A re-INVITE in one of our dialogs (hold, codec change, session refresh): new remote, same endpoint. */
    private void reinvite(IncomingRequest in) throws ParseException {
        Optional<SipLeg> found = in.dialog().map(Dialog::getApplicationData).filter(SipLeg.class::isInstance)
                .map(SipLeg.class::cast);
        if (found.isEmpty() || services.media().isEmpty()) {
            in.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        SipLeg leg = found.get();
        byte[] body = in.request().getRawContent();
        synchronized (leg) {
            if (leg.ended) {
                in.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                return;
            }
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
                services.media().get().setRemote(leg.endpoint.id(), offer.remote(leg.codec));
            }
            leg.sdpVersion++;
            Response ok = in.response(Response.OK);
            ok.addHeader(contact(in.transport()));
            ok.setContent(Sdp.answer(leg.endpoint, leg.codec, leg.telephoneEvent, leg.sdpVersion), sdpType());
            in.send(ok);
        }
    }

    void bye(IncomingRequest in) {
        Optional<SipLeg> found = in.dialog().map(Dialog::getApplicationData).filter(SipLeg.class::isInstance)
                .map(SipLeg.class::cast);
        if (found.isEmpty()) {
            in.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        in.respond(Response.OK);
        SipLeg leg = found.get();
        synchronized (leg) {
            if (leg.ended) {
                return;
            }
            leg.ended = true;
        }
        finish(leg);
        reportEnded(leg, leg.side == SipLeg.Side.CALLER ? EndReason.CALLER_HANGUP : EndReason.CALLEE_HANGUP);
    }

    void cancel(IncomingRequest in) {
        ServerTransaction invite = in.transaction() instanceof ServerTransactionExt ext
                ? ext.getCanceledInviteTransaction() : null;
        if (invite == null || !(invite.getApplicationData() instanceof SipLeg leg)) {
            in.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        in.respond(Response.OK);
        synchronized (leg) {
            if (leg.answered || leg.ended) {
                return;
            }
            leg.ended = true;
            respondToCaller(leg, Response.REQUEST_TERMINATED, null);
        }
        finish(leg);
        reportEnded(leg, EndReason.CANCELLED);
    }

    // ---- our INVITEs to callees ---------------------------------------------------------

    private void dial(Call call, Leg callee, Registration contact) {
        MediaService media = services.media().orElse(null);
        CallService calls = services.calls().orElse(null);
        if (media == null || calls == null) {
            return;
        }
        MediaEndpoint endpoint;
        try {
            endpoint = media.allocate(callee.id());
        } catch (MediaUnavailableException e) {
            reportEnded(call.id(), callee.id(), EndReason.FAILED);
            return;
        }
        try {
            SipEndpoint sip = this.sip.get();
            Request invite = invite(sip, call, callee, contact, endpoint);
            ClientTransaction transaction = sip.provider().getNewClientTransaction(invite);
            Dialog dialog = sip.provider().getNewDialog(transaction);
            SipLeg leg = SipLeg.callee(call.id(), callee.id(), endpoint, dialog, transaction);
            dialog.setApplicationData(leg);
            transaction.setApplicationData(new CalleeResponses(leg));
            legs.put(leg.legId, leg);
            transaction.sendRequest();
        } catch (Exception e) {
            LOG.warn("sip: call={} leg={} cannot INVITE {}: {}", call.id(), callee.id(), contact.contact(), e.toString());
            legs.remove(callee.id());
            media.release(endpoint.id());
            reportEnded(call.id(), callee.id(), EndReason.FAILED);
        }
    }

    private Request invite(SipEndpoint sip, Call call, Leg callee, Registration contact, MediaEndpoint endpoint)
            throws Exception {
        String transport = contact.transport();
        ListeningPoint local = sip.listeningPoint(transport);
        URI target = sip.addresses.createURI(contact.contact());
        String callerUser = call.caller().number().map(E164::value)
                .or(() -> userOf(uri(sip, call.caller().address()))).orElse("anonymous");
        Address from = sip.addresses.createAddress(sip.addresses.createSipURI(callerUser, domain));
        if (!call.caller().displayName().isEmpty()) {
            from.setDisplayName(call.caller().displayName());
        }
        Address to = sip.addresses.createAddress(sip.addresses.createURI(callee.party().address()));
        ViaHeader via = sip.headers.createViaHeader(local.getIPAddress(), local.getPort(), transport, sip.newBranch());
        Request invite = sip.messages.createRequest(target, Request.INVITE, sip.provider().getNewCallId(),
                sip.headers.createCSeqHeader(1L, Request.INVITE), sip.headers.createFromHeader(from, newTag()),
                sip.headers.createToHeader(to, null), List.of(via), sip.headers.createMaxForwardsHeader(70));
        invite.addHeader(contact(transport));
        // the phone may sit behind NAT: send where its REGISTER came from, not to what its contact says
        if (target instanceof SipURI sipTarget && !contact.source().equals(sipTarget.getHost() + ":" + port(sipTarget))) {
            SipURI hop = sip.addresses.createSipURI(null, contact.source().substring(0, contact.source().lastIndexOf(':'))
                    .replace("[", "").replace("]", ""));
            hop.setPort(Integer.parseInt(contact.source().substring(contact.source().lastIndexOf(':') + 1)));
            hop.setTransportParam(transport.toLowerCase(java.util.Locale.ROOT));
            hop.setLrParam();
            invite.addHeader(sip.headers.createRouteHeader(sip.addresses.createAddress(hop)));
        }
        invite.setContent(Sdp.offer(endpoint, 1), sdpType());
        return invite;
    }

    /** Responses to one callee INVITE. */
    private final class CalleeResponses implements ResponseListener {
        private final SipLeg leg;

        CalleeResponses(SipLeg leg) {
            this.leg = leg;
        }

        @Override
        public void onResponse(ResponseEvent event) {
            Response response = event.getResponse();
            int code = response.getStatusCode();
            if (code == Response.TRYING) {
                return;
            }
            if (code < 200) {
                provisional(code);
            } else if (code < 300) {
                answered(event);
            } else {
                failed(code);
            }
        }

        private void provisional(int code) {
            boolean ringing;
            synchronized (leg) {
                leg.provisional = true;
                if (leg.cancelPending) {
                    leg.cancelPending = false;
                    sendCancel(leg, null);
                    return;
                }
                ringing = !leg.ended && (code == Response.RINGING || code == Response.SESSION_PROGRESS);
            }
            if (ringing) {
                try {
                    services.calls().ifPresent(calls -> calls.legRinging(leg.legId));
                } catch (IllegalCallStateException e) {
                    return;
                }
                callerOf(leg.callId).ifPresent(caller -> {
                    synchronized (caller) {
                        if (!caller.provisional && !caller.ended && !caller.answered) {
                            caller.provisional = true;
                            respondToCaller(caller, Response.RINGING, null);
                        }
                    }
                });
            }
        }

        private void answered(ResponseEvent event) {
            Response response = event.getResponse();
            Dialog dialog = event.getDialog() != null ? event.getDialog() : leg.dialog;
            try {
                Request ack = dialog.createAck(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber());
                dialog.sendAck(ack);
                synchronized (leg) {
                    leg.ack = ack;
                }
            } catch (Exception e) {
                LOG.warn("sip: {} cannot ACK: {}", leg, e.toString());
            }
            boolean late;
            synchronized (leg) {
                late = leg.ended;
                leg.answered = true;
            }
            if (late) {
                // answered while we were cancelling it: it is up now, so end it properly
                sendBye(leg);
                return;
            }
            byte[] body = response.getRawContent();
            Sdp.Announced answer;
            try {
                answer = Sdp.parse(new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                LOG.warn("sip: {} answered without usable SDP: {}", leg, LogText.oneLine(e.getMessage()));
                synchronized (leg) {
                    leg.ended = true;
                }
                sendBye(leg);
                finish(leg);
                reportEnded(leg, EndReason.FAILED);
                return;
            }
            synchronized (leg) {
                leg.codec = answer.preferred().orElseThrow();
                leg.telephoneEvent = answer.telephoneEvent();
            }
            services.media().ifPresent(media -> media.setRemote(leg.endpoint.id(), answer.remote(leg.codec)));
            try {
                bridgeAnswered(services.calls().orElseThrow(() -> new IllegalCallStateException(
                        "call control is gone")).legAnswered(leg.legId));
            } catch (IllegalCallStateException | java.util.NoSuchElementException e) {
                synchronized (leg) {
                    leg.ended = true;
                }
                sendBye(leg);
                finish(leg);
            }
        }

        private void failed(int code) {
            synchronized (leg) {
                if (leg.ended) {
                    return;
                }
                leg.ended = true;
            }
            finish(leg);
            reportEnded(leg, reasonOf(code));
        }

        @Override
        public void onTimeout() {
            synchronized (leg) {
                if (leg.ended || leg.answered) {
                    return;
                }
                leg.ended = true;
            }
            finish(leg);
            reportEnded(leg, EndReason.NO_ANSWER);
        }
    }

    /** A 2xx retransmitted after its transaction ended: it did not get our ACK, so send it again. */
    void strayResponse(ResponseEvent event) {
        if (event.getResponse().getStatusCode() / 100 == 2 && event.getDialog() != null
                && event.getDialog().getApplicationData() instanceof SipLeg leg) {
            Request ack;
            synchronized (leg) {
                ack = leg.ack;
            }
            if (ack != null) {
                try {
                    event.getDialog().sendAck(ack);
                } catch (Exception e) {
                    LOG.debug("sip: {} re-ACK failed: {}", leg, e.getMessage());
                }
            }
        }
    }

    private void ringTimeout(UUID callId) {
        for (SipLeg leg : legs.values()) {
            if (!leg.callId.equals(callId) || leg.side != SipLeg.Side.CALLEE) {
                continue;
            }
            synchronized (leg) {
                if (leg.answered || leg.ended) {
                    continue;
                }
                leg.ended = true;
                sendCancel(leg, null);
            }
            finish(leg);
            reportEnded(leg, EndReason.NO_ANSWER);
        }
    }

    // ---- LegDriver: what core decided -----------------------------------------------------

    @Override
    public LegKind kind() {
        return LegKind.SIP;
    }

    @Override
    public void dial(Call call, Leg leg) {
        run(() -> {
            Optional<Registration> contact = leg.party().agentId().flatMap(this::newestContact);
            if (contact.isEmpty()) {
                reportEnded(call.id(), leg.id(), EndReason.NO_ANSWER);
                return;
            }
            dial(call, leg, contact.get());
        });
    }

    @Override
    public void connect(Call call, Leg leg) {
        run(() -> {
            SipLeg caller = legs.get(leg.id());
            if (caller == null || caller.side != SipLeg.Side.CALLER) {
                return;
            }
            synchronized (caller) {
                if (caller.ended || caller.answered) {
                    return;
                }
                caller.answered = true;
                caller.ringTimer().ifPresent(t -> t.cancel(false));
                respondToCaller(caller, Response.OK,
                        Sdp.answer(caller.endpoint, caller.codec, caller.telephoneEvent, caller.sdpVersion));
            }
            bridgeAnswered(call);
        });
    }

    @Override
    public void release(Call call, Leg leg, EndReason reason) {
        run(() -> {
            SipLeg released = legs.get(leg.id());
            if (released == null) {
                return;
            }
            boolean answered;
            synchronized (released) {
                if (released.ended) {
                    return;
                }
                released.ended = true;
                answered = released.answered;
                if (released.side == SipLeg.Side.CALLER && !answered) {
                    respondToCaller(released, statusFor(reason), null);
                } else if (released.side == SipLeg.Side.CALLEE && !answered) {
                    sendCancel(released, reason);
                }
            }
            if (answered) {
                sendBye(released);
            }
            finish(released);
        });
    }

    @Override
    public void hold(Call call, Leg leg, boolean held) {
        run(() -> Optional.ofNullable(legs.get(leg.id())).ifPresent(held(held)));
    }

    private java.util.function.Consumer<SipLeg> held(boolean held) {
        return leg -> services.media().ifPresent(media -> media.play(leg.endpoint.id(),
                held ? Tone.HOLD_MUSIC : Tone.SILENCE));
    }

    // ---- helpers ----------------------------------------------------------------------------

    /**
     * Bridges the call's two answered legs: from {@link #connect} after the first answer, and after
     * a transfer target answers (the remaining party is up already then).
     */
    private void bridgeAnswered(Call call) {
        List<SipLeg> up = call.liveLegs().stream().map(l -> legs.get(l.id())).filter(java.util.Objects::nonNull)
                .filter(B2bua::isUp).toList();
        if (up.size() != 2) {
            return;
        }
        List<UUID> pair = List.of(up.get(0).endpoint.id(), up.get(1).endpoint.id());
        // connect and the answer's own path may both get here: bridge a pair once
        if (!pair.equals(bridged.put(call.id(), pair))) {
            services.media().ifPresent(media -> media.bridge(pair.get(0), pair.get(1)));
        }
    }

    private static boolean isUp(SipLeg leg) {
        synchronized (leg) {
            return leg.answered && !leg.ended;
        }
    }

    private Optional<SipLeg> callerOf(UUID callId) {
        return legs.values().stream().filter(l -> l.callId.equals(callId) && l.side == SipLeg.Side.CALLER)
                .findFirst();
    }

    private Optional<Registration> newestContact(UUID agentId) {
        return registrations.active(agentId, clock.instant()).stream().findFirst();
    }

    /** Caller side: a response on its INVITE with our To tag (and Contact and SDP where they belong). */
    private void respondToCaller(SipLeg caller, int status, String sdp) {
        try {
            Request invite = caller.serverInvite.getRequest();
            SipEndpoint sip = this.sip.get();
            Response response = sip.messages.createResponse(status, invite);
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(caller.toTag);
            if (status > 100 && status < 300) {
                ViaHeader via = (ViaHeader) invite.getHeader(ViaHeader.NAME);
                response.addHeader(contact(via.getTransport()));
            }
            if (sdp != null) {
                response.setContent(sdp, sdpType());
            }
            caller.serverInvite.sendResponse(response);
        } catch (Exception e) {
            LOG.debug("sip: {} could not send {}: {}", caller, status, e.getMessage());
        }
    }

    private void sendCancel(SipLeg callee, EndReason reason) {
        if (!callee.provisional) {
            // RFC 3261 §9.1: no CANCEL before a provisional response; sent when one comes
            callee.cancelPending = true;
            return;
        }
        try {
            Request cancel = callee.clientInvite.createCancel();
            if (reason == EndReason.ANSWERED_ELSEWHERE) {
                cancel.addHeader(sip.get().headers.createHeader("Reason",
                        "SIP;cause=200;text=\"Call completed elsewhere\""));
            }
            sip.get().provider().getNewClientTransaction(cancel).sendRequest();
        } catch (Exception e) {
            LOG.debug("sip: {} CANCEL failed: {}", callee, e.getMessage());
        }
    }

    private void sendBye(SipLeg leg) {
        try {
            Request bye = leg.dialog.createRequest(Request.BYE);
            ClientTransaction transaction = sip.get().provider().getNewClientTransaction(bye);
            leg.dialog.sendRequest(transaction);
        } catch (Exception e) {
            LOG.debug("sip: {} BYE failed: {}", leg, e.getMessage());
        }
    }

    /** Frees what the leg holds on our side: its media endpoint and its place in the table. */
    private void finish(SipLeg leg) {
        legs.remove(leg.legId);
        if (legs.values().stream().noneMatch(l -> l.callId.equals(leg.callId))) {
            bridged.remove(leg.callId);
        }
        leg.ringTimer().ifPresent(t -> t.cancel(false));
        services.media().ifPresent(media -> {
            try {
                media.release(leg.endpoint.id());
            } catch (RuntimeException e) {
                LOG.debug("sip: {} media release: {}", leg, e.getMessage());
            }
        });
    }

    private void reportEnded(SipLeg leg, EndReason reason) {
        reportEnded(leg.callId, leg.legId, reason);
    }

    private void reportEnded(UUID callId, UUID legId, EndReason reason) {
        services.calls().ifPresent(calls -> {
            try {
                calls.legEnded(legId, reason);
            } catch (IllegalCallStateException | java.util.NoSuchElementException e) {
                LOG.debug("sip: call={} leg={} already over: {}", callId, legId, e.getMessage());
            }
        });
    }

    private void run(Runnable task) {
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("sip: leg driver task failed: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("sip: workers stopped, leg driver task dropped");
        }
    }

    private ContactHeader contact(String transport) throws ParseException {
        SipEndpoint endpoint = sip.get();
        ListeningPoint local = endpoint.listeningPoint(transport);
        SipURI uri = endpoint.addresses.createSipURI("switchboard", local.getIPAddress());
        uri.setPort(local.getPort());
        if (!"UDP".equalsIgnoreCase(transport)) {
            uri.setTransportParam(transport.toLowerCase(java.util.Locale.ROOT));
        }
        return endpoint.headers.createContactHeader(endpoint.addresses.createAddress(uri));
    }

    private ContentTypeHeader sdpType() throws ParseException {
        return sip.get().headers.createContentTypeHeader("application", "sdp");
    }

    static EndReason reasonOf(int status) {
        return switch (status) {
            case 486, 600 -> EndReason.BUSY;
            case 603 -> EndReason.REJECTED;
            case 408, 480, 487 -> EndReason.NO_ANSWER;
            case 404, 484, 604 -> EndReason.UNROUTABLE;
            default -> EndReason.FAILED;
        };
    }

    static int statusFor(EndReason reason) {
        return switch (reason) {
            case CANCELLED -> Response.REQUEST_TERMINATED;
            case BUSY -> Response.BUSY_HERE;
            case REJECTED -> Response.DECLINE;
            case UNROUTABLE -> Response.NOT_FOUND;
            case FAILED -> Response.SERVER_INTERNAL_ERROR;
            case SHUTDOWN -> Response.SERVICE_UNAVAILABLE;
            default -> Response.TEMPORARILY_UNAVAILABLE;
        };
    }

    private static Optional<String> userOf(URI uri) {
        return uri instanceof SipURI sip && sip.getUser() != null ? Optional.of(sip.getUser()) : Optional.empty();
    }

    private static URI uri(SipEndpoint sip, String text) {
        try {
            return sip.addresses.createURI(text);
        } catch (ParseException e) {
            return null;
        }
    }

    private static Optional<E164> e164(String user) {
        String number = user.startsWith("+") ? user : "+" + user;
        return E164.isValid(number) ? Optional.of(E164.of(number)) : Optional.empty();
    }

    private static int port(SipURI uri) {
        return uri.getPort() > 0 ? uri.getPort() : 5060;
    }

    private static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
}
