package org.switchboard.sip.internal;

import java.net.InetAddress;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TimeZone;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.switchboard.api.registration.Registration;
import org.switchboard.api.registration.SipCredentials;

/** REGISTER (RFC 3261 §10.3): digest authentication as the To user, then the {@link Registrar}'s rules. */
final class RegisterHandler implements RequestHandler {
    private final Registrar registrar;
    private final DigestGuard guard;
    private final String realm;
    private final String domain;
    private final Clock clock;

    RegisterHandler(Registrar registrar, DigestGuard guard, String realm, String domain, Clock clock) {
        this.registrar = registrar;
        this.guard = guard;
        this.realm = realm;
        this.domain = domain;
        this.clock = clock;
    }

    @Override
    public String method() {
        return Request.REGISTER;
    }

    @Override
    public void handle(IncomingRequest incoming) throws Exception {
        Request request = incoming.request();
        URI aor = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        if (!(aor instanceof SipURI sipAor) || sipAor.getUser() == null || sipAor.getUser().isEmpty()) {
            incoming.respond(Response.NOT_FOUND, "Not Found (the To header must be a sip: AOR with a user)");
            return;
        }
        if (!isOurs(sipAor.getHost(), domain)) {
            incoming.respond(Response.NOT_FOUND, "Not Found (domain " + sipAor.getHost() + " is not served here)");
            return;
        }
        Optional<SipCredentials> agent = guard.authenticate(incoming, DigestHeaders.Kind.REGISTRAR, realm,
                sipAor.getUser());
        if (agent.isEmpty()) {
            return;
        }
        Registrar.Request binding;
        try {
            binding = binding(incoming);
        } catch (IllegalArgumentException e) {
            incoming.respond(Response.BAD_REQUEST, "Bad Request (" + e.getMessage() + ")");
            return;
        }
        Instant now = clock.instant();
        Registrar.Outcome outcome = registrar.register(agent.get().agentId(), agent.get().username(), binding, now);
        if (outcome instanceof Registrar.Bound bound) {
            incoming.send(ok(incoming, bound.bindings(), now));
        } else if (outcome instanceof Registrar.TooBrief tooBrief) {
            Response response = incoming.response(Response.INTERVAL_TOO_BRIEF);
            MinExpiresHeader minExpires = incoming.endpoint().headers.createMinExpiresHeader(tooBrief.minExpires());
            response.addHeader(minExpires);
            incoming.send(response);
        } else {
            Registrar.Refused refused = (Registrar.Refused) outcome;
            Response response = incoming.response(refused.status());
            response.setReasonPhrase(response.getReasonPhrase() + " (" + refused.reason() + ")");
            incoming.send(response);
        }
    }

    /** Our domain, or an address literal (phones configured with the server's IP put it there). */
    static boolean isOurs(String host, String domain) {
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase(domain) || isAddressLiteral(bare);
    }

    private static boolean isAddressLiteral(String host) {
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(host); // a literal: no lookup happens
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static Registrar.Request binding(IncomingRequest incoming) {
        Request request = incoming.request();
        boolean wildcard = false;
        List<Registrar.Contact> contacts = new ArrayList<>();
        for (ListIterator<?> it = request.getHeaders(ContactHeader.NAME); it.hasNext();) {
            ContactHeader contact = (ContactHeader) it.next();
            if (contact.isWildCard() || contact.getAddress() == null || contact.getAddress().isWildcard()) {
                wildcard = true;
                continue;
            }
            URI uri = contact.getAddress().getURI();
            if (!uri.isSipURI()) {
                throw new IllegalArgumentException("Contact must be a sip: or sips: URI");
            }
            int expires = contact.getExpires();
            contacts.add(new Registrar.Contact(uri.toString(), expires >= 0 ? OptionalInt.of(expires)
                    : OptionalInt.empty()));
        }
        if (wildcard && !contacts.isEmpty()) {
            throw new IllegalArgumentException("Contact: * cannot be combined with other contacts");
        }
        ExpiresHeader expires = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        return new Registrar.Request(wildcard, contacts,
                expires == null ? OptionalInt.empty() : OptionalInt.of(expires.getExpires()), callId.getCallId(),
                cseq.getSeqNumber(), incoming.sourceText(), incoming.transport(), incoming.userAgent());
    }

    /** 200 OK with every current binding and the seconds it has left (§10.3 step 8). */
    private static Response ok(IncomingRequest incoming, List<Registration> bindings, Instant now)
            throws ParseException {
        Response response = incoming.response(Response.OK);
        SipEndpoint sip = incoming.endpoint();
        for (Registration binding : bindings) {
            ContactHeader contact = sip.headers.createContactHeader(
                    sip.addresses.createAddress(sip.addresses.createURI(binding.contact())));
            long left = Math.max(1, (Duration.between(now, binding.expiresAt()).toMillis() + 999) / 1000);
            try {
                contact.setExpires((int) Math.min(left, Integer.MAX_VALUE));
            } catch (javax.sip.InvalidArgumentException e) {
                throw new IllegalStateException(e);
            }
            response.addHeader(contact);
        }
        Calendar date = new GregorianCalendar(TimeZone.getTimeZone("GMT"));
        date.setTimeInMillis(now.toEpochMilli());
        response.addHeader(sip.headers.createDateHeader(date));
        return response;
    }
}
