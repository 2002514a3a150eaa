package org.switchboard.crm.local.internal;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.api.crm.CrmAgent;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.crm.CrmItem;
import org.switchboard.api.crm.CrmRef;
import org.switchboard.api.crm.NewCrmItem;
import org.switchboard.api.crm.Relation;
import org.switchboard.api.health.HealthStatus;
import org.switchboard.api.number.E164;
import org.switchboard.api.recording.RecordingKind;

/** The connector's behaviour on a real, migrated database; run once per supported database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LocalCrmContract {
    static final CrmAgent AGENT = new CrmAgent(UUID.fromString("00000000-0000-0000-0000-00000000a11c"), "alice", "Alice Agent");

    private static final RecordingLink RECORDING = new RecordingLink(UUID.fromString("00000000-0000-0000-0000-00000000000a"),
            RecordingKind.CALL, URI.create("https://pbx.example.com/api/v1/recordings/00000000-0000-0000-0000-00000000000a"
                    + "/audio?expires=1900000000&signature=abc"), Duration.ofSeconds(125));
    private static final Settings DEFAULTS = Settings.of("US", true, "/switchboard/crm");

    private TestDatabase database;
    private MutableClock clock;
    private LocalCrmConnector crm;

    abstract TestDatabase openDatabase();

    @BeforeAll
    void migrate() {
        database = openDatabase();
    }

    @AfterAll
    void drop() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void freshDemoCrm() throws SQLException {
        database.clearCrm();
        clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
        crm = new LocalCrmConnector(database.dataSource(), DEFAULTS, clock);
    }

    @Test
    void firstStartSeedsTheDemoDataAndASecondActivationAddsNothing() throws SQLException {
        new LocalCrmConnector(database.dataSource(), DEFAULTS, clock);

        assertThat(database.count("FROM crm_accounts")).isEqualTo(1);
        assertThat(database.count("FROM crm_contacts")).isEqualTo(3);
        assertThat(database.count("FROM crm_contact_phones")).isEqualTo(3);
        assertThat(database.count("FROM crm_cases")).isEqualTo(1);
        assertThat(database.count("FROM crm_opportunities")).isEqualTo(1);
    }

    @Test
    void seedDemoOffLeavesAnEmptyCrmEmpty() throws SQLException {
        database.clearCrm();

        new LocalCrmConnector(database.dataSource(), Settings.of("US", false, "/crm"), clock);

        assertThat(database.count("FROM crm_contacts")).isZero();
    }

    @Test
    void seedingLeavesACrmThatAlreadyHasContactsAlone() throws SQLException {
        database.clearCrm();
        database.execute("INSERT INTO crm_contacts (id, first_name, last_name) VALUES ('own-1', 'Ada', 'Lovelace')");

        new LocalCrmConnector(database.dataSource(), DEFAULTS, clock);

        assertThat(database.count("FROM crm_contacts")).isEqualTo(1);
        assertThat(database.count("FROM crm_accounts")).isZero();
    }

    @Test
    void findByPhoneFindsTheOneContactWithThatNumber() {
        List<CrmContact> found = crm.findByPhone(AGENT, E164.of("+15551230001"));

        assertThat(found).singleElement().satisfies(hanako -> {
            assertThat(hanako.id()).isEqualTo(DemoData.HANAKO);
            assertThat(hanako.name()).isEqualTo("Hanako Yamada");
            assertThat(hanako.account()).contains("Acme Corp");
            assertThat(hanako.phones()).containsExactly(E164.of("+15551230001"));
            assertThat(hanako.email()).contains("hanako.yamada@acme.example");
        });
    }

    @Test
    void findByPhoneFindsEveryContactSharingTheNumber() {
        assertThat(crm.findByPhone(AGENT, E164.of("+15551230002")))
                .extracting(CrmContact::name)
                .containsExactly("Jiro Sato", "Taro Sato");
    }

    @Test
    void findByPhoneOfAnUnknownOrImpossibleNumberFindsNobody() {
        assertThat(crm.findByPhone(AGENT, E164.of("+15559999999"))).isEmpty();
        assertThat(crm.findByPhone(AGENT, E164.of("+1555"))).isEmpty();
    }

    @Test
    void directorySearchNormalisesANationalFormatNumber() {
        assertThat(crm.searchDirectory(AGENT, "(555) 123-0001", 10))
                .extracting(CrmContact::id)
                .containsExactly(DemoData.HANAKO);
    }

    @Test
    void directorySearchMatchesFirstLastOrFullNameIgnoringCase() {
        assertThat(crm.searchDirectory(AGENT, "yamada", 10)).extracting(CrmContact::name).containsExactly("Hanako Yamada");
        assertThat(crm.searchDirectory(AGENT, "HANAKO", 10)).extracting(CrmContact::name).containsExactly("Hanako Yamada");
        assertThat(crm.searchDirectory(AGENT, "taro sato", 10)).extracting(CrmContact::name).containsExactly("Taro Sato");
        assertThat(crm.searchDirectory(AGENT, "Sato Jiro", 10)).extracting(CrmContact::name).containsExactly("Jiro Sato");
        assertThat(crm.searchDirectory(AGENT, "sato", 10)).extracting(CrmContact::name).containsExactly("Jiro Sato", "Taro Sato");
    }

    @Test
    void directorySearchMatchesTheAccountName() {
        assertThat(crm.searchDirectory(AGENT, "Acme", 10)).extracting(CrmContact::name).containsExactly("Hanako Yamada");
        assertThat(crm.searchDirectory(AGENT, "acme corp", 10)).extracting(CrmContact::name).containsExactly("Hanako Yamada");
    }

    @Test
    void directorySearchMatchesPhoneDigitsOrderedByNameUpToTheLimit() {
        assertThat(crm.searchDirectory(AGENT, "555123", 10))
                .extracting(CrmContact::name)
                .containsExactly("Hanako Yamada", "Jiro Sato", "Taro Sato");
        assertThat(crm.searchDirectory(AGENT, "555-123", 2)).extracting(CrmContact::name).containsExactly("Hanako Yamada", "Jiro Sato");
    }

    @Test
    void blankDirectorySearchListsTheFirstContactsByName() {
        assertThat(crm.searchDirectory(AGENT, "  ", 2)).extracting(CrmContact::name).containsExactly("Hanako Yamada", "Jiro Sato");
    }

    @Test
    void directorySearchTakesWildcardsLiterally() {
        assertThat(crm.searchDirectory(AGENT, "%", 10)).isEmpty();
        assertThat(crm.searchDirectory(AGENT, "_", 10)).isEmpty();
    }

    @Test
    void directorySearchRejectsALimitBelowOne() {
        assertThatThrownBy(() -> crm.searchDirectory(AGENT, "sato", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contactDetailsFindsAContactByIdAndNothingForAnUnknownId() {
        assertThat(crm.contactDetails(AGENT, DemoData.TARO)).map(CrmContact::name).contains("Taro Sato");
        assertThat(crm.contactDetails(AGENT, DemoData.TARO).orElseThrow().account()).isEmpty();
        assertThat(crm.contactDetails(AGENT, "no-such-contact")).isEmpty();
        assertThatThrownBy(() -> crm.contactDetails(AGENT, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openItemsListTheContactsOpenCasesOrOpportunities() {
        assertThat(crm.openItems(AGENT, DemoData.HANAKO, Relation.CASE))
                .containsExactly(new CrmItem(DemoData.ROUTER_CASE, Relation.CASE, "Router keeps rebooting", "New", DemoData.HANAKO));
        assertThat(crm.openItems(AGENT, DemoData.HANAKO, Relation.OPPORTUNITY))
                .containsExactly(new CrmItem(DemoData.FIBER_OPPORTUNITY, Relation.OPPORTUNITY, "Acme fiber upgrade",
                        "Qualification", DemoData.HANAKO));
        assertThat(crm.openItems(AGENT, DemoData.TARO, Relation.CASE)).isEmpty();
    }

    @Test
    void closedCasesAndWonOrLostOpportunitiesAreNotOpen() throws SQLException {
        database.execute("UPDATE crm_cases SET status = 'Closed' WHERE id = ?", DemoData.ROUTER_CASE);
        database.execute("UPDATE crm_opportunities SET stage = 'Closed Won' WHERE id = ?", DemoData.FIBER_OPPORTUNITY);
        assertThat(crm.openItems(AGENT, DemoData.HANAKO, Relation.CASE)).isEmpty();
        assertThat(crm.openItems(AGENT, DemoData.HANAKO, Relation.OPPORTUNITY)).isEmpty();

        database.execute("UPDATE crm_opportunities SET stage = 'Closed Lost' WHERE id = ?", DemoData.FIBER_OPPORTUNITY);
        assertThat(crm.openItems(AGENT, DemoData.HANAKO, Relation.OPPORTUNITY)).isEmpty();
    }

    @Test
    void createdCaseIsNewAndOpen() {
        CrmItem created = crm.createItem(AGENT, new NewCrmItem(Relation.CASE, DemoData.TARO, "Billing question", "Asked about March"));

        assertThat(created.status()).isEqualTo("New");
        assertThat(created.subject()).isEqualTo("Billing question");
        assertThat(crm.openItems(AGENT, DemoData.TARO, Relation.CASE)).containsExactly(created);
    }

    @Test
    void createdOpportunityIsProspectingAndBelongsToTheContactsAccount() throws SQLException {
        CrmItem created = crm.createItem(AGENT, new NewCrmItem(Relation.OPPORTUNITY, DemoData.HANAKO, "Second site", ""));

        assertThat(created.status()).isEqualTo("Prospecting");
        assertThat(crm.openItems(AGENT, DemoData.HANAKO, Relation.OPPORTUNITY)).contains(created).hasSize(2);
        assertThat(database.single("SELECT account_id FROM crm_opportunities WHERE id = ?", created.id()))
                .isEqualTo(DemoData.ACME);
    }

    @Test
    void creatingAnItemForAnUnknownContactIsRejected() throws SQLException {
        assertThatThrownBy(() -> crm.createItem(AGENT, new NewCrmItem(Relation.CASE, "no-such-contact", "Subject", "")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(database.count("FROM crm_cases")).isEqualTo(1);
    }

    @Test
    void loggedCallBecomesACallTaskWithDefaultSubject() throws SQLException {
        CallLog log = callLog(UUID.randomUUID(), "", "Customer reports outages", List.of()).withRecording(RECORDING);

        CrmRef ref = crm.logCall(log, Optional.empty());

        assertThat(ref.connector()).isEqualTo("local");
        assertThat(ref.objectType()).isEqualTo("Task");
        String where = "FROM crm_tasks WHERE id = ?";
        assertThat(database.single("SELECT call_id " + where, ref.id())).isEqualTo(log.id().toString());
        assertThat(database.single("SELECT subject " + where, ref.id())).isEqualTo("Call inbound +15551230001 → +15550100");
        assertThat(database.single("SELECT description " + where, ref.id()))
                .isEqualTo("Customer reports outages\n\nRecording (2:05): " + RECORDING.url());
        assertThat(database.single("SELECT contact_id " + where, ref.id())).isEqualTo(DemoData.HANAKO);
        assertThat(database.single("SELECT what_id " + where, ref.id())).isEqualTo(DemoData.ROUTER_CASE);
        assertThat(database.single("SELECT call_type " + where, ref.id())).isEqualTo("INBOUND");
        assertThat(((Number) database.single("SELECT call_duration_seconds " + where, ref.id())).intValue()).isEqualTo(95);
        assertThat(database.single("SELECT disposition " + where, ref.id())).isEqualTo("ANSWERED");
    }

    @Test
    void aRecordingReadyAfterDeliveryAmendsTheTaskBelowTheNotesWithoutRepeatingThem() throws SQLException {
        UUID callId = UUID.randomUUID();
        CallLog ended = callLog(callId, "", "Customer reports outages", List.of());
        CrmRef delivered = crm.logCall(ended, Optional.empty());

        CrmRef amended = crm.logCall(ended.withRecording(RECORDING), Optional.of(delivered));
        crm.logCall(ended.withRecording(RECORDING), Optional.of(delivered));

        assertThat(amended).isEqualTo(delivered);
        assertThat(database.count("FROM crm_tasks WHERE call_id = ?", callId.toString())).isEqualTo(1);
        assertThat(database.single("SELECT description FROM crm_tasks WHERE id = ?", delivered.id()))
                .isEqualTo("Customer reports outages\n\nRecording (2:05): " + RECORDING.url());

        crm.logCall(callLog(callId, "", "Outage fixed", List.of()).withRecording(RECORDING), Optional.of(delivered));
        assertThat(database.single("SELECT description FROM crm_tasks WHERE id = ?", delivered.id()))
                .isEqualTo("Outage fixed\n\nRecording (2:05): " + RECORDING.url());
    }

    @Test
    void loggingTheSameCallTwiceUpdatesOneTask() throws SQLException {
        UUID callId = UUID.randomUUID();
        CrmRef first = crm.logCall(callLog(callId, "Outage", "first notes", List.of()), Optional.empty());
        clock.advance(Duration.ofMinutes(3));

        CrmRef second = crm.logCall(callLog(callId, "Outage", "updated notes", List.of()), Optional.empty());

        assertThat(second).isEqualTo(first);
        assertThat(database.count("FROM crm_tasks WHERE call_id = ?", callId.toString())).isEqualTo(1);
        assertThat(database.single("SELECT description FROM crm_tasks WHERE id = ?", first.id())).isEqualTo("updated notes");
        assertThat(database.instant("SELECT created_at FROM crm_tasks WHERE id = ?", first.id()))
                .isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
        assertThat(database.instant("SELECT updated_at FROM crm_tasks WHERE id = ?", first.id()))
                .isEqualTo(Instant.parse("2025-03-01T09:03:00Z"));
    }

    @Test
    void callsLoggedAtTheSameTimeEachGetOneTaskWithTheIdReturnedToTheirCaller() throws Exception {
        List<UUID> calls = java.util.stream.IntStream.range(0, 40).mapToObj(i -> UUID.randomUUID()).toList();
        java.util.concurrent.ExecutorService outboxWorkers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            // each call twice, as a redelivery racing the first delivery would
            List<java.util.concurrent.Future<CrmRef>> refs = new java.util.ArrayList<>();
            for (UUID call : calls) {
                for (String notes : List.of("first", "again")) {
                    refs.add(outboxWorkers.submit(() -> crm.logCall(callLog(call, "Outage", notes, List.of()),
                            Optional.empty())));
                }
            }
            for (int i = 0; i < refs.size(); i++) {
                CrmRef ref = refs.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS);
                String call = calls.get(i / 2).toString();
                assertThat(database.single("SELECT call_id FROM crm_tasks WHERE id = ?", ref.id())).isEqualTo(call);
            }
        } finally {
            outboxWorkers.shutdownNow();
        }
        assertThat(database.count("FROM crm_tasks WHERE call_id LIKE ?", "%-%")).isEqualTo(calls.size());
    }

    @Test
    void recordUrlPointsAtTheRecordsPageUnderTheConfiguredBaseUrl() {
        assertThat(crm.recordUrl(new CrmRef("local", "Contact", DemoData.HANAKO)))
                .contains(URI.create("/switchboard/crm/contact/" + DemoData.HANAKO));
        assertThat(crm.recordUrl(new CrmRef("local", "Case", DemoData.ROUTER_CASE)))
                .contains(URI.create("/switchboard/crm/case/" + DemoData.ROUTER_CASE));
        assertThat(crm.recordUrl(new CrmRef("local", "Opportunity", DemoData.FIBER_OPPORTUNITY)))
                .contains(URI.create("/switchboard/crm/opportunity/" + DemoData.FIBER_OPPORTUNITY));
        assertThat(crm.recordUrl(new CrmRef("local", "Account", DemoData.ACME)))
                .contains(URI.create("/switchboard/crm/account/" + DemoData.ACME));
        assertThat(crm.recordUrl(new CrmRef("salesforce", "Contact", "003xx"))).isEmpty();

        LocalCrmConnector remote = new LocalCrmConnector(database.dataSource(),
                Settings.of("US", false, "https://crm.example.com/app/"), clock);
        assertThat(remote.recordUrl(new CrmRef("local", "Task", "a b/c")))
                .contains(URI.create("https://crm.example.com/app/task/a%20b%2Fc"));
    }

    @Test
    void healthIsUpWhileTheTablesAnswer() {
        LocalCrmHealth health = new LocalCrmHealth(database.dataSource(), Duration.ofSeconds(5));
        try {
            assertThat(health.name()).isEqualTo("crm-local");
            assertThat(health.check().status()).isEqualTo(HealthStatus.UP);
        } finally {
            health.deactivate();
        }
    }

    private static CallLog callLog(UUID id, String subject, String notes, List<UUID> recordings) {
        Instant start = Instant.parse("2025-03-01T08:55:00Z");
        return new CallLog(id, CallDirection.INBOUND, "+15551230001", "+15550100",
                Optional.of(UUID.fromString("00000000-0000-0000-0000-000000001001")), start,
                Optional.of(start.plusSeconds(5)), start.plusSeconds(100), Duration.ofSeconds(95), Disposition.ANSWERED,
                subject, notes, Optional.of(DemoData.HANAKO), Optional.of(DemoData.ROUTER_CASE), recordings);
    }
}
