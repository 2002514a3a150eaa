package org.switchboard.sip.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AcceptHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.switchboard.api.registration.SipCredentials;

/**
 * SUBSCRIBE to {@code message-summary} (RFC 3842, RFC 6665 §4.2.1): a phone asks for its agent's
 * message-waiting lamp. Digest as the From user, as for REGISTER; the mailbox (To) must be that agent's
 * own; the subscription lasts within the registration bounds ({@code minExpires}/{@code maxExpires}), an
 * agent has at most {@code maxContactsPerAgent} of them (a phone subscribing anew replaces its own),
 * and the 200 is followed at once by a NOTIFY with the counts. A refresh in the dialog renews it;
 * {@code Expires: 0} ends it with a final NOTIFY.
 */
final class SubscribeHandler implements RequestHandler {
    private final DigestGuard guard;
    private final String realm;
    private final String domain;
    private final ExpiryPolicy expiry;
    private final int maxPerAgent;
    private final MwiSubscriptions subscriptions;
    private final MessageWaiting lamps;
    private final ScheduledExecutorService timer;
    private final Clock clock;

    SubscribeHandler(DigestGuard guard, String realm, String domain, ExpiryPolicy expiry, int maxPerAgent,
            MwiSubscriptions subscriptions, MessageWaiting lamps, ScheduledExecutorService timer, Clock clock) {
        this.guard = guard;
        this.realm = realm;
        this.domain = domain;
        this.expiry = expiry;
        this.maxPerAgent = maxPerAgent;
        this.subscriptions = subscriptions;
        this.lamps = lamps;
        this.timer = timer;
        this.clock = clock;
    }

    @Override
    public String method() {
        return Request.SUBSCRIBE;
    }

    @Override
    public void handle(IncomingRequest incoming) throws Exception {
        Request request = incoming.request();
        EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
        if (event == null || !MessageSummary.EVENT.equalsIgnoreCase(event.getEventType())) {
            Response response = incoming.response(Response.BAD_EVENT);
            response.addHeader(incoming.endpoint().headers.createAllowEventsHeader(MessageSummary.EVENT));
            incoming.send(response);
            return;
        }
        if (!acceptsSummary(request)) {
            incoming.respond(Response.NOT_ACCEPTABLE, "Not Acceptable (only " + MessageSummary.CONTENT_TYPE + "/"
                    + MessageSummary.CONTENT_SUBTYPE + ")");
            return;
        }
        URI mailbox = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        if (!(mailbox instanceof SipURI sipMailbox) || empty(sipMailbox.getUser())) {
            incoming.respond(Response.NOT_FOUND, "Not Found (the To header must be a sip: mailbox with a user)");
            return;
        }
        if (!RegisterHandler.isOurs(sipMailbox.getHost(), domain)) {
            incoming.respond(Response.NOT_FOUND, "Not Found (domain " + sipMailbox.getHost() + " is not served here)");
            return;
        }
        OptionalInt requested;
        try {
            requested = requestedExpires(request);
        } catch (IllegalArgumentException e) {
            incoming.respond(Response.BAD_REQUEST, "Bad Request (" + e.getMessage() + ")");
            return;
        }
        URI subscriber = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI();
        if (!(subscriber instanceof SipURI sipSubscriber) || empty(sipSubscriber.getUser())) {
            incoming.respond(Response.FORBIDDEN, "Forbidden (the From header must be a sip: URI with a user)");
            return;
        }
        Optional<SipCredentials> agent = guard.authenticate(incoming, DigestHeaders.Kind.REGISTRAR, realm,
                sipSubscriber.getUser());
        if (agent.isEmpty()) {
            return;
        }
        SipCredentials credentials = agent.get();
        if (!lamps.isMailboxOf(sipMailbox.getUser(), credentials.agentId(), credentials.username())) {
            incoming.respond(Response.FORBIDDEN, "Forbidden (not your mailbox)");
            return;
        }
        ExpiryPolicy.Decision decision = expiry.decide(OptionalInt.empty(), requested);
        if (decision instanceof ExpiryPolicy.TooBrief) {
            Response response = incoming.response(Response.INTERVAL_TOO_BRIEF);
            response.addHeader(incoming.endpoint().headers.createMinExpiresHeader(expiry.minExpires()));
            incoming.send(response);
            return;
        }
        int granted = ((ExpiryPolicy.Granted) decision).seconds();
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        if (toTag == null) {
            subscribe(incoming, credentials, granted);
        } else {
            refresh(incoming, credentials, toTag, granted);
        }
    }

    private void subscribe(IncomingRequest incoming, SipCredentials agent, int granted) throws Exception {
        Request request = incoming.request();
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (contact == null || contact.getAddress() == null || !contact.getAddress().getURI().isSipURI()) {
            incoming.respond(Response.BAD_REQUEST, "Bad Request (a SUBSCRIBE needs a sip: Contact)");
            return;
        }
        String target = contact.getAddress().getURI().toString();
        Response ok = ok(incoming, granted);
        String localTag = ((ToHeader) ok.getHeader(ToHeader.NAME)).getTag();
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        MwiSubscription.Key key = new MwiSubscription.Key(((CallIdHeader) request.getHeader(CallIdHeader.NAME))
                .getCallId(), from.getTag(), localTag);
        Instant now = clock.instant();
        MwiSubscription subscription = new MwiSubscription(key, agent.agentId(),
                lamps.account(agent.agentId(), agent.username()),
                ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().toString(), from.getAddress().toString(),
                target, routeSet(request), incoming.sourceText(),
                incoming.transport(), new AtomicLong(), new MwiSubscription.Lease(now.plusSeconds(granted)));
        if (granted == 0) {
            incoming.send(ok);
            lamps.terminate(subscription, "timeout"); // a fetch (RFC 6665 §4.4.3): the state once, then done
            return;
        }
        // kept before the 200 leaves: the phone's next request may already count it. A phone that rebooted
        // subscribes afresh: its old subscription goes, silently (it forgot it)
        if (!subscriptions.addWithin(subscription, maxPerAgent)) {
            incoming.respond(Response.FORBIDDEN, "Forbidden (more than " + maxPerAgent + " subscriptions)");
            return;
        }
        incoming.send(ok);
        schedule(subscription, now.plusSeconds(granted));
        lamps.notify(subscription);
    }

    private void refresh(IncomingRequest incoming, SipCredentials agent, String toTag, int granted) throws Exception {
        Request request = incoming.request();
        MwiSubscription.Key key = new MwiSubscription.Key(((CallIdHeader) request.getHeader(CallIdHeader.NAME))
                .getCallId(), ((FromHeader) request.getHeader(FromHeader.NAME)).getTag(), toTag);
        Optional<MwiSubscription> found = subscriptions.find(key).filter(s -> s.agentId().equals(agent.agentId()));
        if (found.isEmpty()) {
            incoming.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Subscription Does Not Exist");
            return;
        }
        MwiSubscription subscription = found.get();
        incoming.send(ok(incoming, granted));
        if (granted == 0) {
            lamps.terminate(subscription, "timeout");
            return;
        }
        schedule(subscription, clock.instant().plusSeconds(granted));
        lamps.notify(subscription);
    }

    private void schedule(MwiSubscription subscription, Instant expiresAt) {
        long delay = Math.max(0, expiresAt.toEpochMilli() - clock.millis());
        try {
            subscription.lease().renew(expiresAt, timer.schedule(() -> lamps.expire(subscription), delay,
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            subscription.lease().renew(expiresAt, null); // stopping: the subscription goes with the server
        }
    }

    /** 200 with the granted Expires and our Contact, the remote target of our NOTIFYs' answers. */
    private static Response ok(IncomingRequest incoming, int granted) throws Exception {
        Response ok = incoming.response(Response.OK);
        ok.addHeader(incoming.endpoint().headers.createExpiresHeader(granted));
        ok.addHeader(new SipSignals(incoming::endpoint).contact(incoming.transport()));
        return ok;
    }

    /** jain-sip keeps an Expires it cannot read as a plain header rather than refusing the request. */
    private static OptionalInt requestedExpires(Request request) {
        javax.sip.header.Header header = request.getHeader(ExpiresHeader.NAME);
        if (header == null) {
            return OptionalInt.empty();
        }
        if (header instanceof ExpiresHeader expires && expires.getExpires() >= 0) {
            return OptionalInt.of(expires.getExpires());
        }
        throw new IllegalArgumentException("Expires must be a number of seconds");
    }

    private static List<String> routeSet(Request request) {
        List<String> routes = new ArrayList<>();
        for (ListIterator<?> it = request.getHeaders(RecordRouteHeader.NAME); it.hasNext();) {
            routes.add(((RecordRouteHeader) it.next()).getAddress().toString());
        }
        return List.copyOf(routes);
    }

    /** No Accept means the package's default type; otherwise ours (or a wildcard) must be listed. */
    private static boolean acceptsSummary(Request request) {
        ListIterator<?> accepts = request.getHeaders(AcceptHeader.NAME);
        if (accepts == null || !accepts.hasNext()) {
            return true;
        }
        while (accepts.hasNext()) {
            AcceptHeader accept = (AcceptHeader) accepts.next();
            String type = accept.getContentType() == null ? "" : accept.getContentType().toLowerCase(Locale.ROOT);
            String subtype = accept.getContentSubType() == null ? "" : accept.getContentSubType().toLowerCase(Locale.ROOT);
            if ((type.equals("*") || type.equals(MessageSummary.CONTENT_TYPE))
                    && (subtype.equals("*") || subtype.equals(MessageSummary.CONTENT_SUBTYPE))) {
                return true;
            }
            if (type.isEmpty()) {
                return true; // an empty Accept header: jain-sip parses it as no type
            }
        }
        return false;
    }

    private static boolean empty(String text) {
        return text == null || text.isEmpty();
    }
}
