package org.switchboard.crm.local.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.crm.CrmAgent;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.crm.CrmItem;
import org.switchboard.api.crm.CrmLink;
import org.switchboard.api.crm.CrmRef;
import org.switchboard.api.crm.CrmUnavailableException;
import org.switchboard.api.crm.NewCrmItem;
import org.switchboard.api.crm.Relation;
import org.switchboard.api.number.E164;

/**
 * The embedded CRM, kept in the store's database. Ranked 0 so that a configured external CRM
 * (Salesforce) wins wherever one connector is picked.
 */
@Component(
        service = CrmConnector.class,
        configurationPid = LocalCrmConnector.PID,
        property = {"service.ranking:Integer=0", "crm.connector=" + LocalCrmConnector.NAME})
@Designate(ocd = LocalCrmConnector.Config.class)
public final class LocalCrmConnector implements CrmConnector {
    static final String PID = "org.switchboard.crm.local";
    static final String NAME = "local";
    static final int MAX_DIRECTORY_RESULTS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(LocalCrmConnector.class);

    @ObjectClassDefinition(name = "Switchboard local CRM", description = "The embedded default CRM")
    public @interface Config {
        @AttributeDefinition(description = "ISO 3166 region for numbers written without a country code, e.g. US or JP")
        String defaultRegion() default "US";

        @AttributeDefinition(description = "Create the demo contacts when the CRM has no contacts yet")
        boolean seedDemo() default true;

        @AttributeDefinition(description = "Where the CRM's record pages live; a record opens at <baseUrl>/<type>/<id>")
        String baseUrl() default "/switchboard/crm";
    }

    private final CrmDatabase database;
    private final Clock clock;
    private final Contacts contacts;
    private final Items items;
    private final Tasks tasks;
    private volatile Settings settings;

    @Activate
    public LocalCrmConnector(@Reference(target = "(dataSourceName=switchboard)") DataSource dataSource, Config config) {
        this(dataSource, settingsOf(config), Clock.systemUTC());
    }

    LocalCrmConnector(DataSource dataSource, Settings settings, Clock clock) {
        this.database = new CrmDatabase(dataSource);
        this.clock = clock;
        this.contacts = new Contacts(database);
        this.items = new Items(database, clock);
        this.tasks = new Tasks(database, clock);
        apply(settings);
    }

    @Modified
    void modified(Config config) {
        apply(settingsOf(config));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The local CRM's users are Switchboard's agents: nobody needs to link anything. */
    @Override
    public CrmLink link(CrmAgent agent) {
        return CrmLink.notRequired();
    }

    @Override
    public Optional<URI> beginLink(CrmAgent agent) {
        return Optional.empty();
    }

    /** An impossible number matches nothing: every stored number is a possible one. */
    @Override
    public List<CrmContact> findByPhone(CrmAgent agent, E164 number) {
        Objects.requireNonNull(number, "number");
        // already E.164, as the stored numbers are (normalized when saved): parsing it again cost ~1 % of
        // the CPU at a few hundred calls a second; an impossible number matches no stored one
        return contacts.withPhone(number);
    }

    @Override
    public Optional<CrmContact> contactDetails(CrmAgent agent, String contactId) {
        return contacts.find(requireId(contactId, "contactId"));
    }

    @Override
    public List<CrmItem> openItems(CrmAgent agent, String contactId, Relation relation) {
        Objects.requireNonNull(relation, "relation");
        return items.open(requireId(contactId, "contactId"), relation);
    }

    @Override
    public CrmItem createItem(CrmAgent agent, NewCrmItem item) {
        Objects.requireNonNull(item, "item");
        requireId(item.contactId(), "contactId");
        CrmItem created = items.create(item);
        LOG.info("Local CRM: created {} {} for contact {}", created.relation(), created.id(), created.contactId());
        return created;
    }

    /** Idempotent on the call id by itself: the task table holds one task per call, updated in place. */
    @Override
    public CrmRef logCall(CallLog log, Optional<CrmRef> delivered) {
        Objects.requireNonNull(log, "log");
        String taskId = tasks.save(CallTask.of(log));
        LOG.debug("Local CRM: call={} logged as task {}", log.id(), taskId);
        return new CrmRef(NAME, "Task", taskId);
    }

    /** A blank query lists the first {@code limit} contacts by name, so the directory can be browsed. */
    @Override
    public List<CrmContact> searchDirectory(CrmAgent agent, String query, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return contacts.search(query, Math.min(limit, MAX_DIRECTORY_RESULTS), settings.phoneNumbers());
    }

    @Override
    public Optional<URI> recordUrl(CrmRef ref) {
        Objects.requireNonNull(ref, "ref");
        if (!NAME.equals(ref.connector())) {
            return Optional.empty();
        }
        // the pages' paths are lower case: Contact -> /switchboard/crm/contact/<id>
        String type = ref.objectType().toLowerCase(Locale.ROOT);
        return Optional.of(URI.create(settings.baseUrl() + "/" + pathSegment(type) + "/" + pathSegment(ref.id())));
    }

    private void apply(Settings next) {
        settings = next;
        LOG.info("Local CRM connector ready (defaultRegion={}, baseUrl={})", next.phoneNumbers().region(), next.baseUrl());
        if (next.seedDemo()) {
            seedDemo(next.phoneNumbers());
        }
    }

    private void seedDemo(PhoneNumbers phoneNumbers) {
        try {
            if (database.inTransaction(c -> DemoData.seedIfEmpty(c, phoneNumbers, clock.instant()))) {
                LOG.info("Local CRM: demo data created (Acme Corp, Hanako Yamada, Taro Sato, Jiro Sato)");
            }
        } catch (CrmUnavailableException e) {
            if (CrmDatabase.isDuplicateKey(e.getCause())) {
                return; // another node seeded the same database at the same moment
            }
            // The connector still starts: lookups fail until the database is back, and health says so.
            LOG.warn("Local CRM: demo data not created: {}", e.getMessage());
        }
    }

    private static Settings settingsOf(Config config) {
        return Settings.of(config.defaultRegion(), config.seedDemo(), config.baseUrl());
    }

    private static String requireId(String id, String field) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return id;
    }

    private static String pathSegment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
