package org.switchboard.core.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.crm.CrmAgent;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.crm.CrmItem;
import org.switchboard.api.crm.CrmLink;
import org.switchboard.api.crm.CrmRef;
import org.switchboard.api.crm.CrmRejectedException;
import org.switchboard.api.crm.CrmUnavailableException;
import org.switchboard.api.crm.NewCrmItem;
import org.switchboard.api.crm.Relation;
import org.switchboard.api.number.E164;

/**
 * A CRM that records logged calls (and the reference each amended), refuses them while {@link #down}
 * is set (with {@link #retryAfter} when given), and rejects them for good while {@link #rejecting}.
 */
class FakeCrmConnector implements CrmConnector {
    private final String name;
    final List<CallLog> logged = Collections.synchronizedList(new ArrayList<>());
    final List<Optional<CrmRef>> amended = Collections.synchronizedList(new ArrayList<>());
    volatile int attempts;
    volatile boolean down;
    volatile Optional<Duration> retryAfter = Optional.empty();
    volatile boolean rejecting;
    final List<CrmContact> contacts = new ArrayList<>();

    FakeCrmConnector(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized CrmRef logCall(CallLog log, Optional<CrmRef> delivered) {
        attempts++;
        if (down) {
            throw retryAfter.map(wait -> new CrmUnavailableException(name + " is rate limited", wait))
                    .orElseGet(() -> new CrmUnavailableException(name + " is down"));
        }
        if (rejecting) {
            throw new CrmRejectedException("REQUIRED_FIELD_MISSING: Required fields are missing: [Subject]");
        }
        logged.add(log);
        amended.add(delivered);
        return new CrmRef(name, "Task", "T-" + log.id());
    }

    @Override
    public CrmLink link(CrmAgent agent) {
        return CrmLink.notRequired();
    }

    @Override
    public Optional<URI> beginLink(CrmAgent agent) {
        return Optional.empty();
    }

    @Override
    public List<CrmContact> findByPhone(CrmAgent agent, E164 number) {
        if (down) {
            throw new CrmUnavailableException(name + " is down");
        }
        return contacts.stream().filter(c -> c.phones().contains(number)).toList();
    }

    @Override
    public Optional<CrmContact> contactDetails(CrmAgent agent, String contactId) {
        return Optional.empty();
    }

    @Override
    public List<CrmItem> openItems(CrmAgent agent, String contactId, Relation relation) {
        return List.of();
    }

    @Override
    public CrmItem createItem(CrmAgent agent, NewCrmItem item) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<CrmContact> searchDirectory(CrmAgent agent, String query, int limit) {
        return List.of();
    }

    @Override
    public Optional<URI> recordUrl(CrmRef ref) {
        return Optional.empty();
    }
}
