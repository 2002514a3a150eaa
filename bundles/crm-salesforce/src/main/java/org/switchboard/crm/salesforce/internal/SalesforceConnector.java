package org.switchboard.crm.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.crm.CrmAgent;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.crm.CrmItem;
import org.switchboard.api.crm.CrmLink;
import org.switchboard.api.crm.CrmNotLinkedException;
import org.switchboard.api.crm.CrmObject;
import org.switchboard.api.crm.CrmRef;
import org.switchboard.api.crm.CrmUnavailableException;
import org.switchboard.api.crm.NewCrmItem;
import org.switchboard.api.crm.Relation;
import org.switchboard.api.number.E164;

/**
 * Salesforce as a CRM connector. Lookups run as the integration user, so they work for agents who
 * have not connected yet; what an agent creates is owned by their linked Salesforce user.
 */
final class SalesforceConnector implements CrmConnector {
    private static final Logger LOG = LoggerFactory.getLogger(SalesforceConnector.class);
    static final String NAME = "salesforce";
    static final int MAX_DIRECTORY_RESULTS = 200;
    static final String NOT_LINKED = "Connect Switchboard and Salesforce first";
    /** A new opportunity is expected to close this many days out (Salesforce requires a CloseDate). */
    static final int OPPORTUNITY_CLOSE_DAYS = 30;
    private static final Pattern OBJECT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");

    private final SalesforceApi api;
    private final AgentLinks links;
    private final AgentLinking linking;
    private final Clock clock;

    SalesforceConnector(SalesforceApi api, AgentLinks links, AgentLinking linking, Clock clock) {
        this.api = api;
        this.links = links;
        this.linking = linking;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CrmLink link(CrmAgent agent) {
        Objects.requireNonNull(agent, "agent");
        return links.find(agent.agentId()).map(l -> CrmLink.linked(l.userId(), l.userName())).orElseGet(CrmLink::notLinked);
    }

    @Override
    public Optional<URI> beginLink(CrmAgent agent) {
        Objects.requireNonNull(agent, "agent");
        return Optional.of(linking.begin(agent));
    }

    @Override
    public List<CrmContact> findByPhone(CrmAgent agent, E164 number) {
        Objects.requireNonNull(number, "number");
        String sosl = "FIND {" + Soql.soslTerm(number.value()) + "} IN PHONE FIELDS RETURNING "
                + "Contact(" + Records.CONTACT_FIELDS + "), Lead(" + Records.LEAD_FIELDS + "), Account(" + Records.ACCOUNT_FIELDS + ")";
        return Records.contacts(api.search(sosl), Optional.of(number));
    }

    @Override
    public Optional<CrmContact> contactDetails(CrmAgent agent, String contactId) {
        CrmObject kind = SalesforceIds.kindOf(contactId)
                .filter(k -> k == CrmObject.CONTACT || k == CrmObject.LEAD || k == CrmObject.ACCOUNT)
                .orElseThrow(() -> new IllegalArgumentException(
                        "contactId must be a Salesforce Contact, Lead or Account id, not " + SalesforceIds.describe(contactId)));
        String fields = switch (kind) {
            case CONTACT -> Records.CONTACT_FIELDS;
            case LEAD -> Records.LEAD_FIELDS;
            default -> Records.ACCOUNT_FIELDS;
        };
        String soql = "SELECT " + fields + " FROM " + kind.apiName() + " WHERE Id = " + Soql.literal(contactId);
        return Records.contacts(api.query(soql), Optional.empty()).stream().findFirst();
    }

    @Override
    public List<CrmItem> openItems(CrmAgent agent, String contactId, Relation relation) {
        Objects.requireNonNull(relation, "relation");
        SalesforceIds.require(contactId, CrmObject.CONTACT, "contactId");
        requireLinked(agent);
        String soql = relation == Relation.CASE
                ? "SELECT Id, Subject, Status, ContactId FROM Case WHERE ContactId = " + Soql.literal(contactId)
                        + " AND IsClosed = false ORDER BY CreatedDate DESC LIMIT 50"
                : "SELECT Id, Name, StageName, ContactId FROM Opportunity WHERE ContactId = " + Soql.literal(contactId)
                        + " AND IsClosed = false ORDER BY CreatedDate DESC LIMIT 50";
        return Records.items(api.query(soql), relation, contactId);
    }

    @Override
    public CrmItem createItem(CrmAgent agent, NewCrmItem item) {
        Objects.requireNonNull(item, "item");
        SalesforceIds.require(item.contactId(), CrmObject.CONTACT, "contactId");
        AgentLink owner = requireLinked(agent);
        ObjectNode fields = Json.object();
        String status;
        if (item.relation() == Relation.CASE) {
            status = "New";
            fields.put("Subject", item.subject()).put("Description", item.description()).put("ContactId", item.contactId())
                    .put("Status", status).put("Origin", "Phone");
        } else {
            status = "Prospecting";
            fields.put("Name", item.subject()).put("Description", item.description()).put("ContactId", item.contactId())
                    .put("StageName", status)
                    .put("CloseDate", clock.instant().atZone(clock.getZone()).toLocalDate().plusDays(OPPORTUNITY_CLOSE_DAYS).toString());
        }
        fields.put("OwnerId", owner.userId());
        String id = api.create(item.relation().object().apiName(), fields);
        LOG.info("Salesforce: agent {} created {} {} for contact {}", agent.username(), item.relation().object().apiName(), id,
                item.contactId());
        return new CrmItem(id, item.relation(), item.subject(), status, item.contactId());
    }

    /**
     * Amends the delivered Task, else the Task already made for this call (found by CallObject:
     * a crash between insert and acknowledgement never makes a second one), else creates it.
     */
    @Override
    public CrmRef logCall(CallLog log, Optional<CrmRef> delivered) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(delivered, "delivered");
        Optional<String> ownerId = log.agentId().flatMap(links::find).map(AgentLink::userId);
        ObjectNode update = CallTask.forUpdate(log, ownerId, clock.getZone());
        Optional<String> knownTask = delivered.filter(ref -> NAME.equals(ref.connector()))
                .map(CrmRef::id).filter(id -> SalesforceIds.isKind(id, CrmObject.TASK));
        if (knownTask.isPresent() && api.update("Task", knownTask.get(), update)) {
            LOG.debug("Salesforce: call={} amended Task {}", log.id(), knownTask.get());
            return task(knownTask.get());
        }
        Optional<String> existing = taskOfCall(log.id());
        if (existing.isPresent() && api.update("Task", existing.get(), update)) {
            LOG.debug("Salesforce: call={} amended Task {} found by CallObject", log.id(), existing.get());
            return task(existing.get());
        }
        String created = api.create("Task", CallTask.forInsert(log, ownerId, clock.getZone()));
        LOG.debug("Salesforce: call={} logged as Task {}", log.id(), created);
        return task(created);
    }

    @Override
    public List<CrmContact> searchDirectory(CrmAgent agent, String query, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        String term = query == null ? "" : query.strip();
        if (term.replaceAll("[^\\p{L}\\p{N}]", "").length() < 2) {
            return List.of(); // SOSL needs two searchable characters; "*" alone would be refused
        }
        String sosl = "FIND {" + Soql.soslTerm(term) + "*} IN ALL FIELDS RETURNING "
                + "Contact(" + Records.CONTACT_FIELDS + "), User(" + Records.USER_FIELDS + " WHERE IsActive = true) LIMIT "
                + Math.min(limit, MAX_DIRECTORY_RESULTS);
        return Records.contacts(api.search(sosl), Optional.empty());
    }

    @Override
    public Optional<URI> recordUrl(CrmRef ref) {
        Objects.requireNonNull(ref, "ref");
        if (!NAME.equals(ref.connector()) || !OBJECT_NAME.matcher(ref.objectType()).matches() || !SalesforceIds.isId(ref.id())) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(api.token().instanceUrl() + "/lightning/r/" + ref.objectType() + "/" + ref.id() + "/view"));
        } catch (CrmUnavailableException e) {
            return Optional.empty(); // logged where it failed; no screen pop this time
        }
    }

    private AgentLink requireLinked(CrmAgent agent) {
        Objects.requireNonNull(agent, "agent");
        return links.find(agent.agentId()).orElseThrow(() -> new CrmNotLinkedException(NOT_LINKED));
    }

    private Optional<String> taskOfCall(UUID callId) {
        JsonNode answer = api.query("SELECT Id FROM Task WHERE CallObject = " + Soql.literal(callId.toString()) + " LIMIT 1");
        for (JsonNode record : answer.path("records")) {
            Optional<String> id = Json.text(record, "Id").filter(found -> SalesforceIds.isKind(found, CrmObject.TASK));
            if (id.isPresent()) {
                return id;
            }
        }
        return Optional.empty();
    }

    private static CrmRef task(String id) {
        return new CrmRef(NAME, "Task", id);
    }
}
