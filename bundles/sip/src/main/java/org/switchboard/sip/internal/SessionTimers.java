package org.switchboard.sip.internal;

import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sip.header.Header;
import javax.sip.message.Message;
import javax.sip.message.Response;

/**
 * RFC 4028 session timers, with the caller as refresher: a caller that asks for them gets its
 * interval (at least {@link #MIN_SE} s) in our 2xx, and a session not refreshed by a re-INVITE or
 * UPDATE within it is ended, so a phone that vanished does not keep a call (and a licence) forever.
 */
final class SessionTimers {
    static final int MIN_SE = 90;

    private final ScheduledExecutorService timer;
    private final Consumer<SipLeg> expire;

    SessionTimers(ScheduledExecutorService timer, Consumer<SipLeg> expire) {
        this.timer = timer;
        this.expire = expire;
    }

    /** The interval a request asks for, in seconds, if it asks. */
    static OptionalInt requested(Message message) {
        Header header = message.getHeader("Session-Expires");
        if (header == null) {
            header = message.getHeader("x");
        }
        if (header == null) {
            return OptionalInt.empty();
        }
        String value = header.toString();
        value = value.substring(value.indexOf(':') + 1).trim().split(";")[0].trim();
        try {
            return OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static boolean tooSmall(OptionalInt interval) {
        return interval.isPresent() && interval.getAsInt() < MIN_SE;
    }

    /** RFC 4028 §6: 422 with our Min-SE. */
    static void addMinSe(Response response, SipSignals signals) throws ParseException {
        response.addHeader(signals.header("Min-SE", String.valueOf(MIN_SE)));
    }

    /** Adds Session-Expires (and Require: timer) to our 2xx to a refresh, and re-arms the timer. */
    void accept(SipLeg leg, Message request, Response ok, SipSignals signals) throws ParseException {
        for (Header header : forAnswer(leg, request, signals)) {
            ok.setHeader(header);
        }
    }

    /** The headers for our 2xx to a request that asks for session timers (none if it does not); arms the timer. */
    Header[] forAnswer(SipLeg leg, Message invite, SipSignals signals) throws ParseException {
        OptionalInt interval = requested(invite);
        if (interval.isEmpty()) {
            return new Header[0];
        }
        arm(leg, interval.getAsInt());
        Header expires = signals.header("Session-Expires", interval.getAsInt() + ";refresher=uac");
        return supportsTimer(invite) ? new Header[] {expires, signals.header("Require", "timer")} : new Header[] {expires};
    }

    private void arm(SipLeg leg, int seconds) {
        synchronized (leg) {
            if (leg.sessionTimer != null) {
                leg.sessionTimer.cancel(false);
            }
            // RFC 4028 §10: the refresher has until a third of the interval (max 32 s) before expiry
            long graceful = seconds * 1000L + Math.min(32_000L, seconds * 1000L / 3);
            leg.sessionTimer = timer.schedule(() -> expire.accept(leg), graceful, TimeUnit.MILLISECONDS);
        }
    }

    private static boolean supportsTimer(Message request) {
        for (String name : List.of("Supported", "k")) { // k: its compact form
            for (var it = request.getHeaders(name); it.hasNext();) {
                if (it.next().toString().toLowerCase(Locale.ROOT).contains("timer")) {
                    return true;
                }
            }
        }
        return false;
    }
}
