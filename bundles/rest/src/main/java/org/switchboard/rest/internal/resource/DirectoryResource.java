package org.switchboard.rest.internal.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.crm.CrmAgent;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.crm.CrmRef;
import org.switchboard.api.number.E164;
import org.switchboard.api.number.Group;
import org.switchboard.api.number.NumberAssignment;
import org.switchboard.api.number.NumberRepository;
import org.switchboard.api.number.NumberTarget;
import org.switchboard.rest.internal.CrmAccess;
import org.switchboard.rest.internal.auth.AgentSecurityContext;
import org.switchboard.rest.internal.error.ApiException;
import org.switchboard.rest.internal.view.ContactView;
import org.switchboard.rest.internal.view.DirectoryEntry;

/**
 * The dialer's company directory (colleagues, groups by their number, and the CRM's contacts, leads, accounts and users:
 * a Salesforce user is a transfer target by their phone number) and caller lookup by number.
 * Without a CRM connector both answer 503: a directory without contacts would mislead.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class DirectoryResource {
    private static final int MAX_LIMIT = 100;

    public record Items<T>(List<T> items) {}

    private final AgentService agents;
    private final NumberRepository numbers;
    private final CrmAccess crm;

    public DirectoryResource(AgentService agents, NumberRepository numbers, CrmAccess crm) {
        this.agents = agents;
        this.numbers = numbers;
        this.crm = crm;
    }

    @GET
    @Path("directory")
    public Items<DirectoryEntry> directory(@Context SecurityContext security, @QueryParam("q") String query,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        if (query == null || query.isBlank()) {
            throw ApiException.badRequest("q is required");
        }
        if (query.length() > 100) {
            throw ApiException.badRequest("q is longer than 100 characters");
        }
        int max = clampLimit(limit);
        CrmConnector connector = crm.connector();
        List<DirectoryEntry> entries = new ArrayList<>();
        String needle = query.trim().toLowerCase(Locale.ROOT);
        agents.list().stream()
                .filter(s -> s.agent().enabled() && matches(s, needle))
                .limit(max)
                .forEach(s -> entries.add(agentEntry(s)));
        entries.addAll(groupEntries(needle));
        for (CrmContact contact : connector.searchDirectory(agent(security), query.trim(), max)) {
            entries.add(new DirectoryEntry(contact.kind().name().toLowerCase(Locale.ROOT), contact.id(), contact.name(),
                    contact.account().or(contact::title).orElse(null),
                    contact.phones().stream().findFirst().map(E164::value).orElse(null), null));
        }
        return new Items<>(entries.stream().limit(max).toList());
    }

    @GET
    @Path("contacts")
    public Items<ContactView> contactsByPhone(@Context SecurityContext security, @QueryParam("phone") String phone) {
        if (phone == null || !E164.isValid(phone.trim())) {
            throw ApiException.badRequest("phone must be an E.164 number such as +15551230001");
        }
        CrmConnector connector = crm.connector();
        List<ContactView> contacts = connector.findByPhone(agent(security), E164.of(phone.trim())).stream()
                .map(c -> ContactView.of(connector.name(), c,
                        CrmAccess.url(connector, new CrmRef(connector.name(), c.kind().apiName(), c.id())).orElse(null)))
                .toList();
        return new Items<>(contacts);
    }

    private static CrmAgent agent(SecurityContext security) {
        return CrmAccess.agent(AgentSecurityContext.caller(security).agent());
    }

    private static boolean matches(AgentStatus status, String needle) {
        var a = status.agent();
        return a.username().contains(needle)
                || a.displayName().toLowerCase(Locale.ROOT).contains(needle)
                || a.extension().startsWith(needle)
                || a.did().map(d -> d.value().contains(needle)).orElse(false);
    }

    /** Groups by name, label or number, each with the number that rings it (a transfer target). */
    private List<DirectoryEntry> groupEntries(String needle) {
        Map<UUID, Group> groups = numbers.groups().stream().collect(Collectors.toMap(Group::id, g -> g));
        List<DirectoryEntry> found = new ArrayList<>();
        for (NumberAssignment assignment : numbers.numbers()) {
            if (assignment.target() instanceof NumberTarget.ToGroup target && groups.containsKey(target.groupId())) {
                Group group = groups.get(target.groupId());
                if (group.name().toLowerCase(Locale.ROOT).contains(needle)
                        || assignment.label().toLowerCase(Locale.ROOT).contains(needle)
                        || assignment.number().value().contains(needle)) {
                    found.add(new DirectoryEntry("group", group.id().toString(), group.name(),
                            assignment.label().isBlank() ? null : assignment.label(), assignment.number().value(), null));
                }
            }
        }
        return found;
    }

    private static DirectoryEntry agentEntry(AgentStatus status) {
        var a = status.agent();
        return new DirectoryEntry("agent", a.id().toString(), a.displayName(), a.username(), a.extension(),
                status.presence().name());
    }

    private static int clampLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be 1 to " + MAX_LIMIT);
        }
        return limit;
    }
}
