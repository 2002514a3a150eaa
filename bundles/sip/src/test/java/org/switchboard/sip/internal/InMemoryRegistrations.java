package org.switchboard.sip.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.switchboard.api.registration.Registration;
import org.switchboard.api.registration.RegistrationRepository;

/** The store's registration rules (upsert on agent + contact, active while expiresAt > now), in memory. */
final class InMemoryRegistrations implements RegistrationRepository {
    private final List<Registration> rows = new ArrayList<>();

    @Override
    public synchronized void save(Registration registration) {
        Registration existing = rows.stream().filter(r -> r.agentId().equals(registration.agentId())
                && r.contact().equals(registration.contact())).findFirst().orElse(null);
        if (existing != null) {
            rows.remove(existing);
            rows.add(new Registration(existing.id(), registration.agentId(), registration.contact(),
                    registration.source(), registration.transport(), registration.userAgent(), registration.callId(),
                    registration.cseq(), registration.registeredAt(), registration.expiresAt()));
        } else {
            rows.add(registration);
        }
    }

    @Override
    public synchronized boolean remove(UUID agentId, String contact) {
        return rows.removeIf(r -> r.agentId().equals(agentId) && r.contact().equals(contact));
    }

    @Override
    public synchronized int removeAll(UUID agentId) {
        int before = rows.size();
        rows.removeIf(r -> r.agentId().equals(agentId));
        return before - rows.size();
    }

    @Override
    public synchronized List<Registration> active(UUID agentId, Instant now) {
        return allActive(now).stream().filter(r -> r.agentId().equals(agentId)).toList();
    }

    @Override
    public synchronized List<Registration> allActive(Instant now) {
        return rows.stream().filter(r -> r.isActiveAt(now))
                .sorted(Comparator.comparing(Registration::registeredAt).reversed().thenComparing(Registration::contact))
                .toList();
    }

    @Override
    public synchronized int purgeExpired(Instant now) {
        int before = rows.size();
        rows.removeIf(r -> !r.isActiveAt(now));
        return before - rows.size();
    }
}
