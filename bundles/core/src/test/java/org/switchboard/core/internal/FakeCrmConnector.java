package org.switchboard.core.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.crm.CrmItem;
import org.switchboard.api.crm.CrmRef;
import org.switchboard.api.crm.CrmUnavailableException;
import org.switchboard.api.crm.NewCrmItem;
import org.switchboard.api.number.E164;

/** A CRM that records logged calls, or refuses them while {@link #down} is set. */
final class FakeCrmConnector implements CrmConnector {
    private final String name;
    final List<CallLog> logged = new ArrayList<>();
    int attempts;
    boolean down;
    final List<CrmContact> contacts = new ArrayList<>();

    FakeCrmConnector(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CrmRef logCall(CallLog log) {
        attempts++;
        if (down) {
            throw new CrmUnavailableException(name + " is down");
        }
        logged.add(log);
        return new CrmRef(name, "Task", "T-" + log.id());
    }

    @Override
    public List<CrmContact> findByPhone(E164 number) {
        if (down) {
            throw new CrmUnavailableException(name + " is down");
        }
        return contacts.stream().filter(c -> c.phones().contains(number)).toList();
    }

    @Override
    public Optional<CrmContact> contactDetails(String contactId) {
        return Optional.empty();
    }

    @Override
    public List<CrmItem> openItems(String contactId, org.switchboard.api.crm.Relation relation) {
        return List.of();
    }

    @Override
    public CrmItem createItem(NewCrmItem item) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<CrmContact> searchDirectory(String query, int limit) {
        return List.of();
    }

    @Override
    public Optional<URI> recordUrl(CrmRef ref) {
        return Optional.empty();
    }
}
