package org.switchboard.sip.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.registration.Registration;
import org.switchboard.api.registration.RegistrationRepository;

/**
 * The binding rules of RFC 3261 §10.3 over {@link RegistrationRepository}, free of SIP messages: the
 * REGISTER handler turns a request into a {@link Request} and the {@link Outcome} into a response.
 * Either every contact of a request is applied or none is.
 */
final class Registrar {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    static final int MAX_CONTACT_LENGTH = 1024;

    /** A contact of the request with its own {@code expires} parameter, if any. */
    record Contact(String uri, OptionalInt expires) {}

    /**
     * @param wildcard {@code Contact: *}
     * @param source {@code host:port} the request came from
     */
    record Request(boolean wildcard, List<Contact> contacts, OptionalInt expiresHeader, String callId, long cseq,
            String source, String transport, String userAgent) {}

    sealed interface Outcome {}

    /** Applied; these are the agent's bindings now (the 200 OK lists them). */
    record Bound(List<Registration> bindings) implements Outcome {}

    /** 423 Interval Too Brief. */
    record TooBrief(int minExpires) implements Outcome {}

    /** 400 (or 403 for too many contacts) with this reason; nothing changed. */
    record Refused(int status, String reason) implements Outcome {}

    private final RegistrationRepository registrations;
    private final ExpiryPolicy expiry;
    private final int maxContactsPerAgent;

    Registrar(RegistrationRepository registrations, ExpiryPolicy expiry, int maxContactsPerAgent) {
        this.registrations = registrations;
        this.expiry = expiry;
        this.maxContactsPerAgent = maxContactsPerAgent;
    }

    Outcome register(UUID agentId, String username, Request request, Instant now) {
        if (request.wildcard()) {
            return removeAll(agentId, username, request, now);
        }
        Map<String, Registration> existing = new HashMap<>();
        for (Registration registration : registrations.active(agentId, now)) {
            existing.put(registration.contact(), registration);
        }
        // decide everything first, so that a refusal changes nothing
        Map<String, Integer> granted = new HashMap<>();
        for (Contact contact : request.contacts()) {
            if (contact.uri().length() > MAX_CONTACT_LENGTH) {
                return new Refused(400, "Contact longer than " + MAX_CONTACT_LENGTH + " characters");
            }
            ExpiryPolicy.Decision decision = expiry.decide(contact.expires(), request.expiresHeader());
            if (decision instanceof ExpiryPolicy.TooBrief) {
                return new TooBrief(expiry.minExpires());
            }
            Registration old = existing.get(contact.uri());
            if (old != null && old.callId().equals(request.callId()) && request.cseq() <= old.cseq()) {
                return new Refused(400, "CSeq " + request.cseq() + " is not newer than " + old.cseq());
            }
            granted.put(contact.uri(), ((ExpiryPolicy.Granted) decision).seconds());
        }
        long remaining = existing.keySet().stream().filter(uri -> !granted.containsKey(uri)).count();
        long added = granted.values().stream().filter(seconds -> seconds > 0).count();
        if (remaining + added > maxContactsPerAgent) {
            return new Refused(403, "more than " + maxContactsPerAgent + " contacts");
        }
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : granted.entrySet()) {
            String uri = entry.getKey();
            int seconds = entry.getValue();
            Registration old = existing.get(uri);
            if (seconds == 0) {
                if (registrations.remove(agentId, uri)) {
                    changes.add("-" + uri);
                }
                continue;
            }
            registrations.save(new Registration(old == null ? UUID.randomUUID() : old.id(), agentId, uri,
                    request.source(), request.transport(), request.userAgent(), request.callId(), request.cseq(), now,
                    now.plusSeconds(seconds)));
            if (old == null) {
                changes.add("+" + uri + " (" + seconds + " s)");
            }
        }
        if (!changes.isEmpty()) {
            LOG.info("sip: registered {} from {} over {}: {}", username, request.source(), request.transport(),
                    String.join(", ", changes));
        }
        return new Bound(registrations.active(agentId, now));
    }

    private Outcome removeAll(UUID agentId, String username, Request request, Instant now) {
        if (!request.contacts().isEmpty() || request.expiresHeader().orElse(-1) != 0) {
            return new Refused(400, "Contact: * needs Expires: 0 and no other contact");
        }
        int removed = registrations.removeAll(agentId);
        if (removed > 0) {
            LOG.info("sip: unregistered {} from {}: all {} contacts", username, request.source(), removed);
        }
        return new Bound(registrations.active(agentId, now));
    }
}
