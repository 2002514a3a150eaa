package org.switchboard.sip.internal;

import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.Header;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 4028 session timers on every SIP leg, so that a phone or carrier that vanished does not keep
 * a call (an agent, two media ports) forever. As UAS (a caller's INVITE, any refresh) we honour the
 * interval asked for (422 with our Min-SE when it is too small), keep the refresher asked for, and
 * refresh ourselves when asked to or when the peer does not support timers. As UAC (the legs we
 * dial) we offer timers and refresh when the answer makes us the refresher or has none. The side that
 * does not refresh ends the call when no refresh came in time (§10); a refresh of ours that gets
 * 408/481 or no answer ends it too. Refreshes are UPDATEs when the peer allows them (no media is
 * touched), else re-INVITEs with the unchanged session description.
 */
final class SessionTimers {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTimers.class);
    /** RFC 4028 §4: no interval may be shorter than 90 s. */
    static final int RFC_MIN_SE = 90;

    /**
     * The intervals we use: {@code sessionExpires} is what we offer and grant when the peer names
     * none; {@code minSe} is the shortest we accept (our Min-SE).
     */
    record Settings(int sessionExpires, int minSe) {
        static final Settings DEFAULTS = new Settings(1800, RFC_MIN_SE);

        /** Out-of-range values are logged and replaced by their defaults: SIP must start whatever the file says. */
        static Settings of(int sessionExpires, int minSe) {
            if (minSe < 1 || minSe > 86_400) {
                LOG.warn("sip: minSessionExpiresSeconds must be 1 to 86400, not {}; {} applies", minSe, DEFAULTS.minSe);
                minSe = DEFAULTS.minSe;
            } else if (minSe < RFC_MIN_SE) {
                LOG.warn("sip: minSessionExpiresSeconds {} is below RFC 4028's {} s: use it in tests only", minSe,
                        RFC_MIN_SE);
            }
            if (sessionExpires < minSe || sessionExpires > 86_400) {
                int fallback = Math.max(DEFAULTS.sessionExpires, minSe);
                LOG.warn("sip: sessionExpiresSeconds must be {} (minSessionExpiresSeconds) to 86400, not {}; {} applies",
                        minSe, sessionExpires, fallback);
                sessionExpires = fallback;
            }
            return new Settings(sessionExpires, minSe);
        }
    }

    /** What a leg's dialog agreed on: the interval, and whether we are the refresher. */
    record Agreement(int interval, boolean weRefresh) {
        /** RFC 4028 §10: the side that does not refresh gives up slightly before the session expires. */
        long expiryMillis() {
            return interval * 1000L - Math.min(32_000L, interval * 1000L / 3);
        }

        /** The refresher refreshes at half the interval (§7.4, §9). */
        long refreshMillis() {
            return interval * 1000L / 2;
        }
    }

    private final Settings settings;
    private final ScheduledExecutorService timer;
    private final Executor workers;
    private final SipSignals signals;
    private final Consumer<SipLeg> expired;

    /**
     * @param timer only schedules; the work runs on {@code workers}
     * @param expired ends a leg whose session expired (BYE, and core ends the call)
     */
    SessionTimers(Settings settings, ScheduledExecutorService timer, Executor workers, SipSignals signals,
            Consumer<SipLeg> expired) {
        this.settings = settings;
        this.timer = timer;
        this.workers = workers;
        this.signals = signals;
        this.expired = expired;
    }

    // ---- as UAS: a caller's INVITE, and refreshes from either party ------------------------------------

    /** RFC 4028 §6: a request asking for less than our Min-SE gets 422 with it; true when refused. */
    boolean refusedTooSmall(IncomingRequest in) throws ParseException {
        OptionalInt interval = requested(in.request());
        if (interval.isEmpty() || interval.getAsInt() >= settings.minSe()) {
            return false;
        }
        Response tooSmall = in.response(422, "Session Interval Too Small");
        tooSmall.addHeader(signals.header("Min-SE", String.valueOf(settings.minSe())));
        in.send(tooSmall);
        return true;
    }

    /** Adds Session-Expires (and Require: timer) to our 2xx to a refresh, and re-arms the leg's timer. */
    void accept(SipLeg leg, Message request, Response ok, SipSignals signals) throws ParseException {
        for (Header header : forAnswer(leg, request)) {
            ok.setHeader(header);
        }
    }

    /**
     * The headers of our 2xx to an INVITE, re-INVITE or UPDATE, and the leg's timer armed as agreed: the
     * interval asked for (else ours, at least the peer's Min-SE); the refresher asked for, else the peer
     * when it supports timers, else us (§9: a peer without timer support cannot refresh).
     */
    Header[] forAnswer(SipLeg leg, Message request) throws ParseException {
        boolean supported = supportsTimer(request);
        int interval = requested(request).orElse(Math.max(settings.sessionExpires(), minSeOf(request)));
        boolean weRefresh = !supported || "uas".equals(refresherOf(request).orElse("uac"));
        allowsUpdate(request).ifPresent(allowed -> leg.peerAllowsUpdate = allowed);
        arm(leg, new Agreement(interval, weRefresh));
        Header expires = signals.header("Session-Expires", interval + ";refresher=" + (weRefresh ? "uas" : "uac"));
        return supported ? new Header[] {expires, signals.header("Require", "timer")} : new Header[] {expires};
    }

    // ---- as UAC: the legs we dial ------------------------------------------------------------------

    /** Offers session timers in our INVITE: our interval, our Min-SE; the callee picks the refresher. */
    void offer(Request invite) throws ParseException {
        invite.addHeader(signals.header("Supported", "timer"));
        invite.setHeader(signals.header("Session-Expires", String.valueOf(settings.sessionExpires())));
        invite.setHeader(signals.header("Min-SE", String.valueOf(settings.minSe())));
    }

    /** A 422 to our INVITE: the interval to ask for next time (the callee's Min-SE), if it named one we can use. */
    OptionalInt retryInterval(Response tooSmall, Request previous) {
        OptionalInt wanted = intValue(tooSmall.getHeader("Min-SE"));
        int asked = requested(previous).orElse(settings.sessionExpires());
        if (wanted.isEmpty() || wanted.getAsInt() <= asked || wanted.getAsInt() > 86_400) {
            return OptionalInt.empty();
        }
        return wanted;
    }

    /**
     * The callee answered our INVITE: it refreshes when its 2xx says {@code refresher=uas}; otherwise we
     * do (§7.2), also when it named no interval at all: then our refreshes only check that it is still there.
     */
    void answered(SipLeg leg, Response ok) {
        OptionalInt granted = requested(ok);
        boolean weRefresh = granted.isEmpty() || !"uas".equals(refresherOf(ok).orElse("uac"));
        int interval = granted.orElse(settings.sessionExpires());
        synchronized (leg) {
            allowsUpdate(ok).ifPresent(allowed -> leg.peerAllowsUpdate = allowed);
            arm(leg, new Agreement(interval, weRefresh));
        }
    }

    // ---- the timer -----------------------------------------------------------------------------------

    private void arm(SipLeg leg, Agreement agreement) {
        long delay = agreement.weRefresh() ? agreement.refreshMillis() : agreement.expiryMillis();
        synchronized (leg) {
            leg.session = agreement;
            schedule(leg, agreement.weRefresh() ? () -> refresh(leg) : () -> expire(leg), delay);
        }
    }

    /** Under the leg's lock. */
    private void schedule(SipLeg leg, Runnable task, long delayMillis) {
        if (leg.sessionTimer != null) {
            leg.sessionTimer.cancel(false);
            leg.sessionTimer = null;
        }
        if (leg.ended) {
            return;
        }
        try {
            leg.sessionTimer = timer.schedule(() -> work(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: the legs end with the server
        }
    }

    private void work(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void expire(SipLeg leg) {
        LOG.info("sip: {} sent no session refresh in time (RFC 4028 session timer); ending the call", leg);
        expired.accept(leg);
    }

    /** Sends our refresh: an UPDATE when the peer allows it, else a re-INVITE with the unchanged SDP. */
    private void refresh(SipLeg leg) {
        Request refresh;
        boolean update;
        synchronized (leg) {
            Agreement agreement = leg.session;
            if (leg.ended || leg.dialog == null || agreement == null || !agreement.weRefresh()) {
                return;
            }
            update = leg.peerAllowsUpdate;
            try {
                refresh = leg.dialog.createRequest(update ? Request.UPDATE : Request.INVITE);
                refresh.setHeader(signals.contact(leg.transport));
                refresh.setHeader(signals.header("Supported", "timer"));
                // §7.4: refresher=uac keeps us the refresher
                refresh.setHeader(signals.header("Session-Expires", agreement.interval() + ";refresher=uac"));
                refresh.setHeader(signals.header("Min-SE", String.valueOf(settings.minSe())));
                if (!update) {
                    refresh.setContent(Sdp.session(leg.endpoint, leg.codec, leg.telephoneEvent, leg.sdpVersion,
                            leg.heldByUs ? Sdp.Direction.SENDONLY : Sdp.Direction.SENDRECV), signals.sdpType());
                }
            } catch (Exception e) {
                LOG.debug("sip: {} cannot build the session refresh: {}", leg, e.getMessage());
                schedule(leg, () -> refresh(leg), agreement.refreshMillis());
                return;
            }
        }
        try {
            signals.sendInDialog(leg, refresh, new RefreshResponses(leg, update));
        } catch (Exception e) {
            LOG.debug("sip: {} session refresh not sent: {}", leg, e.getMessage());
            expired.accept(leg); // the dialog is unusable: the session cannot be kept
        }
    }

    /** Answers to our refresh. */
    private final class RefreshResponses implements ResponseListener {
        private final SipLeg leg;
        private final boolean update;

        RefreshResponses(SipLeg leg, boolean update) {
            this.leg = leg;
            this.update = update;
        }

        @Override
        public void onResponse(ResponseEvent event) {
            Response response = event.getResponse();
            int code = response.getStatusCode();
            if (code < 200) {
                return;
            }
            if (code < 300) {
                if (!update) {
                    ack(event, response);
                }
                answered(leg, response);
            } else if (code == Response.REQUEST_TIMEOUT || code == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST) {
                LOG.info("sip: {} answered our session refresh with {}: the session is gone", leg, code);
                expired.accept(leg);
            } else if (code == 422) {
                OptionalInt longer = intValue(response.getHeader("Min-SE"));
                retry(new Agreement(Math.max(longer.orElse(settings.sessionExpires()), current().interval()), true), 0);
            } else if (update && (code == Response.METHOD_NOT_ALLOWED || code == Response.NOT_IMPLEMENTED)) {
                synchronized (leg) {
                    leg.peerAllowsUpdate = false;
                }
                retry(current(), 0);
            } else if (code == Response.REQUEST_PENDING) {
                // RFC 3261 §14.1: glare; try again after a random 2.1-4 s
                retry(current(), ThreadLocalRandom.current().nextLong(2100, 4000));
            } else {
                LOG.info("sip: {} refused our session refresh with {}; trying again later", leg, code);
                retry(current(), current().refreshMillis());
            }
        }

        @Override
        public void onTimeout() {
            LOG.info("sip: {} did not answer our session refresh", leg);
            expired.accept(leg);
        }

        private Agreement current() {
            synchronized (leg) {
                return leg.session != null ? leg.session : new Agreement(settings.sessionExpires(), true);
            }
        }

        private void retry(Agreement agreement, long delayMillis) {
            synchronized (leg) {
                leg.session = agreement;
                schedule(leg, () -> refresh(leg), delayMillis);
            }
        }

        private void ack(ResponseEvent event, Response response) {
            try {
                Dialog dialog = event.getDialog() != null ? event.getDialog() : leg.dialog;
                dialog.sendAck(dialog.createAck(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber()));
            } catch (Exception e) {
                LOG.debug("sip: {} cannot ACK the refresh: {}", leg, e.getMessage());
            }
        }
    }

    // ---- headers ---------------------------------------------------------------------------------------

    /** The interval a message names in Session-Expires (compact form x), if it names one. */
    static OptionalInt requested(Message message) {
        Header header = message.getHeader("Session-Expires");
        return intValue(header != null ? header : message.getHeader("x"));
    }

    private static int minSeOf(Message message) {
        return intValue(message.getHeader("Min-SE")).orElse(0);
    }

    /** The refresher parameter of Session-Expires ({@code uac} or {@code uas}), if present. */
    static Optional<String> refresherOf(Message message) {
        Header header = message.getHeader("Session-Expires");
        header = header != null ? header : message.getHeader("x");
        if (header == null) {
            return Optional.empty();
        }
        for (String parameter : value(header).split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && "refresher".equalsIgnoreCase(pair[0].trim())) {
                String who = pair[1].trim().toLowerCase(Locale.ROOT);
                return "uac".equals(who) || "uas".equals(who) ? Optional.of(who) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static OptionalInt intValue(Header header) {
        if (header == null) {
            return OptionalInt.empty();
        }
        String number = value(header).split(";")[0].trim();
        if (number.isEmpty() || number.length() > 9 || !number.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(number));
    }

    private static String value(Header header) {
        String text = header.toString();
        return text.substring(text.indexOf(':') + 1).trim();
    }

    static boolean supportsTimer(Message message) {
        for (String name : List.of("Supported", "k")) { // k: its compact form
            for (var it = message.getHeaders(name); it.hasNext();) {
                for (String tag : value((Header) it.next()).split(",")) {
                    if ("timer".equalsIgnoreCase(tag.trim())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether the message's Allow lists UPDATE; empty when it has no Allow. */
    private static Optional<Boolean> allowsUpdate(Message message) {
        var allows = message.getHeaders("Allow");
        if (!allows.hasNext()) {
            return Optional.empty();
        }
        while (allows.hasNext()) {
            for (String method : value((Header) allows.next()).split(",")) {
                if (Request.UPDATE.equalsIgnoreCase(method.trim())) {
                    return Optional.of(true);
                }
            }
        }
        return Optional.of(false);
    }
}
