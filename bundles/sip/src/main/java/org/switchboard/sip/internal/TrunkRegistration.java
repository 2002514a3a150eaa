package org.switchboard.sip.internal;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ListIterator;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.ResponseEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one trunk registered at its carrier (RFC 3261 §10.2): REGISTER, answer the digest challenge,
 * refresh before the granted time runs out, retry with backoff when the carrier refuses or is silent.
 */
final class TrunkRegistration implements ResponseListener {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkRegistration.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration MAX_RETRY = Duration.ofMinutes(10);

    /** What an admin sees: registered until when, or why not. */
    record Status(boolean registered, Optional<Instant> until, String detail) {}

    private final Trunk trunk;
    private final SipEndpoint sip;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final String callId;
    private final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private long cseq;
    private boolean answeredChallenge;
    private boolean stopped;
    private Duration retry = FIRST_RETRY;
    private ScheduledFuture<?> next;
    private Status status = new Status(false, Optional.empty(), "starting");

    TrunkRegistration(Trunk trunk, SipEndpoint sip, ScheduledExecutorService timer, Clock clock) {
        this.trunk = trunk;
        this.sip = sip;
        this.timer = timer;
        this.clock = clock;
        this.callId = sip.provider().getNewCallId().getCallId();
    }

    synchronized void start() {
        send(Optional.empty(), trunk.registerExpires());
    }

    synchronized Status status() {
        return status;
    }

    /** Stops refreshing and, if registered, tells the carrier we are gone (not waiting for its answer). */
    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
        if (status.registered()) {
            send(Optional.empty(), 0);
        }
    }

    private void send(Optional<DigestClient.Answer> authorization, int expires) {
        try {
            Request request = request(expires);
            authorization.ifPresent(answer -> request.addHeader(answer.authorization()));
            ClientTransaction transaction = sip.provider().getNewClientTransaction(request);
            transaction.setApplicationData(expires == 0 ? null : this);
            transaction.sendRequest();
        } catch (Exception e) {
            fail("cannot send REGISTER: " + e.getMessage());
        }
    }

    private Request request(int expires) throws Exception {
        var addresses = sip.addresses;
        var headers = sip.headers;
        ListeningPoint local = sip.listeningPoint(trunk.transport());
        SipURI requestUri = addresses.createSipURI(null, trunk.host());
        requestUri.setPort(trunk.port());
        if (!"UDP".equals(trunk.transport())) {
            requestUri.setTransportParam(trunk.transport().toLowerCase(java.util.Locale.ROOT));
        }
        Address aor = addresses.createAddress(addresses.createSipURI(trunk.username(), trunk.host()));
        SipURI contactUri = addresses.createSipURI(trunk.username(), local.getIPAddress());
        contactUri.setPort(local.getPort());
        if (!"UDP".equals(trunk.transport())) {
            contactUri.setTransportParam(trunk.transport().toLowerCase(java.util.Locale.ROOT));
        }
        ViaHeader via = headers.createViaHeader(local.getIPAddress(), local.getPort(), trunk.transport(),
                sip.newBranch());
        Request request = sip.messages.createRequest(requestUri, Request.REGISTER,
                headers.createCallIdHeader(callId), headers.createCSeqHeader(++cseq, Request.REGISTER),
                headers.createFromHeader(aor, fromTag), headers.createToHeader(aor, null),
                java.util.List.of(via), headers.createMaxForwardsHeader(70));
        request.addHeader(headers.createContactHeader(addresses.createAddress(contactUri)));
        request.addHeader(headers.createExpiresHeader(expires));
        request.addHeader(headers.createHeader("User-Agent", "Switchboard"));
        return request;
    }

    @Override
    public synchronized void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        if (stopped || response.getStatusCode() < 200) {
            return;
        }
        int code = response.getStatusCode();
        if (code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED) {
            answerChallenge(response);
        } else if (code >= 200 && code < 300) {
            registered(response);
        } else {
            fail(code + " " + response.getReasonPhrase());
        }
    }

    private void answerChallenge(Response response) {
        Optional<DigestClient.Answer> answer;
        try {
            answer = DigestClient.answer(response, Request.REGISTER, requestUriForDigest(), trunk.username(),
                    trunk.password(), trunk.realm(), sip.headers);
        } catch (Exception e) {
            fail("cannot answer the challenge: " + e.getMessage());
            return;
        }
        if (answer.isEmpty()) {
            fail("no challenge we can answer (realm " + trunk.realm().orElse("any") + ", MD5 or SHA-256)");
            return;
        }
        if (answeredChallenge && !answer.get().challenge().isStale()) {
            fail("credentials refused");
            return;
        }
        answeredChallenge = true;
        send(answer, trunk.registerExpires());
    }

    private SipURI requestUriForDigest() throws ParseException {
        SipURI uri = sip.addresses.createSipURI(null, trunk.host());
        uri.setPort(trunk.port());
        if (!"UDP".equals(trunk.transport())) {
            uri.setTransportParam(trunk.transport().toLowerCase(java.util.Locale.ROOT));
        }
        return uri;
    }

    private void registered(Response response) {
        int granted = grantedSeconds(response);
        Instant now = clock.instant();
        boolean wasRegistered = status.registered();
        status = new Status(true, Optional.of(now.plusSeconds(granted)), "registered for " + granted + " s");
        answeredChallenge = false;
        retry = FIRST_RETRY;
        if (!wasRegistered) {
            LOG.info("sip: trunk {} registered at {} as {} for {} s", trunk.name(), trunk.peer(), trunk.username(),
                    granted);
        }
        // refresh well before expiry, as phones do; never sooner than 5 s from now
        schedule(Duration.ofSeconds(Math.max(5, granted - Math.min(granted / 5, 60) - 5)));
    }

    private int grantedSeconds(Response response) {
        for (ListIterator<?> it = response.getHeaders(ContactHeader.NAME); it.hasNext();) {
            ContactHeader contact = (ContactHeader) it.next();
            if (contact.getExpires() > 0 && contact.getAddress().getURI() instanceof SipURI uri
                    && trunk.username().equals(uri.getUser())) {
                return contact.getExpires();
            }
        }
        ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        return expires != null && expires.getExpires() > 0 ? expires.getExpires() : trunk.registerExpires();
    }

    @Override
    public synchronized void onTimeout() {
        if (!stopped) {
            fail("no answer from " + trunk.peer());
        }
    }

    private void fail(String reason) {
        boolean changed = status.registered() || !status.detail().equals(reason);
        status = new Status(false, Optional.empty(), reason);
        answeredChallenge = false;
        if (changed) {
            LOG.warn("sip: trunk {} not registered at {}: {}; retrying in {} s", trunk.name(), trunk.peer(), reason,
                    retry.toSeconds());
        }
        if (!stopped) {
            schedule(retry);
            retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        }
    }

    private void schedule(Duration delay) {
        if (stopped) {
            return;
        }
        try {
            next = timer.schedule(this::start, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("sip: timer stopped, trunk {} refresh dropped", trunk.name());
        }
    }
}
