package org.switchboard.crm.salesforce.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.Disposition;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.crm.CrmItem;
import org.switchboard.api.crm.CrmNotLinkedException;
import org.switchboard.api.crm.CrmObject;
import org.switchboard.api.crm.CrmRef;
import org.switchboard.api.crm.CrmRejectedException;
import org.switchboard.api.crm.CrmUnavailableException;
import org.switchboard.api.crm.NewCrmItem;
import org.switchboard.api.crm.Relation;
import org.switchboard.api.number.E164;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.testing.salesforce.SalesforceEmulator.Failure;

/** The connector against the Salesforce emulator, over real HTTP, as the integration user. */
class SalesforceConnectorTest {
    private static final Instant STARTED = Instant.parse("2026-12-05T09:00:00Z");
    private static final UUID RECORDING = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

    @TempDir
    Path directory;

    private EmulatedOrg org;
    private SalesforceConnector connector;

    @BeforeEach
    void start() throws Exception {
        org = new EmulatedOrg(directory);
        connector = org.connector();
    }

    @AfterEach
    void stop() {
        org.close();
    }

    // ---- lookups

    @Test
    void aNumberMatchesOneContactWithItsDetails() {
        List<CrmContact> found = connector.findByPhone(org.bob, E164.of("+15551230001"));

        assertThat(found).singleElement().satisfies(hanako -> {
            assertThat(hanako.kind()).isEqualTo(CrmObject.CONTACT);
            assertThat(hanako.id()).isEqualTo(org.demo.hanakoContactId());
            assertThat(hanako.name()).isEqualTo("Hanako Yamada");
            assertThat(hanako.account()).hasValue("Acme Corp");
            assertThat(hanako.phones()).containsExactly(E164.of("+15551230001"));
            assertThat(hanako.email()).hasValue("hanako.yamada@acme.example");
            assertThat(hanako.title()).hasValue("Procurement Manager");
        });
        assertThat(org.salesforce.requestLog()).contains("POST /services/oauth2/token 200", "GET /services/data/v62.0/search/ 200");
    }

    @Test
    void aSharedNumberMatchesEveryoneWithItAndAnUnknownNumberNobody() {
        List<CrmContact> satos = connector.findByPhone(org.bob, E164.of("+15551230002"));

        assertThat(satos).extracting(CrmContact::name).containsExactlyInAnyOrder("Taro Sato", "Jiro Sato");
        assertThat(satos).allSatisfy(sato -> assertThat(sato.phones())
                .as("typed as (555) 123-0002, known as the number it matched").containsExactly(E164.of("+15551230002")));
        assertThat(connector.findByPhone(org.bob, E164.of("+815012345678"))).isEmpty();
    }

    @Test
    void leadsAndAccountsMatchToo() {
        String lead = org.salesforce.addLead("Kenji Tanaka", "+81 50 1234 5678", "Tanaka Trading");

        assertThat(connector.findByPhone(org.bob, E164.of("+815012345678"))).singleElement().satisfies(found -> {
            assertThat(found.kind()).isEqualTo(CrmObject.LEAD);
            assertThat(found.id()).isEqualTo(lead);
            assertThat(found.account()).hasValue("Tanaka Trading");
        });
        assertThat(connector.contactDetails(org.bob, lead)).get().extracting(CrmContact::name).isEqualTo("Kenji Tanaka");
        assertThat(connector.contactDetails(org.bob, org.demo.acmeAccountId())).get()
                .extracting(CrmContact::kind).isEqualTo(CrmObject.ACCOUNT);
    }

    @Test
    void theDirectoryFindsContactsAndActiveUsers() {
        assertThat(connector.searchDirectory(org.bob, "Sato", 20)).extracting(CrmContact::name)
                .containsExactlyInAnyOrder("Taro Sato", "Jiro Sato");

        org.salesforce.deactivateUser(org.salesforce.records("User").stream()
                .filter(u -> "bob@switchboard.test".equals(u.get("Username"))).findFirst().map(u -> "bob@switchboard.test").orElseThrow());
        List<CrmContact> agents = connector.searchDirectory(org.bob, "Agent", 20);
        assertThat(agents).singleElement().satisfies(alice -> {
            assertThat(alice.kind()).isEqualTo(CrmObject.USER);
            assertThat(alice.name()).isEqualTo("Alice Agent");
            assertThat(alice.phones()).containsExactly(E164.of("+15550101"));
        });
    }

    @Test
    void aDirectoryQueryWithNothingToSearchNeverReachesSalesforce() {
        int before = org.requests();

        assertThat(connector.searchDirectory(org.bob, "*", 20)).isEmpty();
        assertThat(connector.searchDirectory(org.bob, " (+) ", 20)).isEmpty();
        assertThat(connector.searchDirectory(org.bob, "", 20)).isEmpty();

        assertThat(org.requests()).isEqualTo(before);
        assertThatThrownBy(() -> connector.searchDirectory(org.bob, "Sato", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void soslReservedCharactersInAQueryAreSearchedNotInterpreted() {
        assertThat(connector.searchDirectory(org.bob, "Sato} RETURNING User(Id", 20)).isEmpty();
        assertThat(connector.searchDirectory(org.bob, "O'Brien", 20)).isEmpty();
    }

    @Test
    void contactDetailsByIdAndNothingForAnUnknownOne() {
        assertThat(connector.contactDetails(org.bob, org.demo.hanakoContactId())).get()
                .satisfies(hanako -> assertThat(hanako.account()).hasValue("Acme Corp"));
        assertThat(connector.contactDetails(org.bob, "003000000000000AAA")).isEmpty();
    }

    // ---- items

    @Test
    void aLinkedAgentSeesTheContactsOpenCasesAndOpportunities() {
        org.linkAlice();

        assertThat(connector.openItems(org.alice, org.demo.hanakoContactId(), Relation.CASE)).singleElement()
                .satisfies(item -> {
                    assertThat(item.id()).isEqualTo(org.demo.hanakoCaseId());
                    assertThat(item.subject()).isEqualTo("Replacement headset has not arrived");
                    assertThat(item.status()).isEqualTo("New");
                    assertThat(item.contactId()).isEqualTo(org.demo.hanakoContactId());
                });
        assertThat(connector.openItems(org.alice, org.demo.hanakoContactId(), Relation.OPPORTUNITY)).singleElement()
                .extracting(CrmItem::subject).isEqualTo("Acme Corp - 50 seat renewal");
        org.salesforce.close(org.demo.hanakoCaseId());
        assertThat(connector.openItems(org.alice, org.demo.hanakoContactId(), Relation.CASE)).isEmpty();
    }

    @Test
    void anUnlinkedAgentMustConnectBeforeSeeingOrCreatingItems() {
        int before = org.requests();

        assertThatThrownBy(() -> connector.openItems(org.bob, org.demo.hanakoContactId(), Relation.CASE))
                .isInstanceOf(CrmNotLinkedException.class).hasMessage("Connect Switchboard and Salesforce first");
        assertThatThrownBy(() -> connector.createItem(org.bob,
                new NewCrmItem(Relation.CASE, org.demo.hanakoContactId(), "Broken", "")))
                .isInstanceOf(CrmNotLinkedException.class);
        assertThat(org.requests()).isEqualTo(before);
    }

    @Test
    void createdItemsBelongToTheAgentsSalesforceUser() {
        org.linkAlice();

        CrmItem created = connector.createItem(org.alice,
                new NewCrmItem(Relation.CASE, org.demo.hanakoContactId(), "Headset still missing", "Second call"));
        CrmItem deal = connector.createItem(org.alice,
                new NewCrmItem(Relation.OPPORTUNITY, org.demo.hanakoContactId(), "Acme headsets", "20 more"));

        assertThat(created.id()).startsWith("500");
        assertThat(created.status()).isEqualTo("New");
        Map<String, Object> stored = byId("Case", created.id());
        assertThat(stored).containsEntry("Subject", "Headset still missing").containsEntry("Description", "Second call")
                .containsEntry("ContactId", org.demo.hanakoContactId()).containsEntry("Status", "New")
                .containsEntry("Origin", "Phone").containsEntry("OwnerId", org.demo.aliceUserId());
        assertThat(deal.id()).startsWith("006");
        assertThat(byId("Opportunity", deal.id())).containsEntry("Name", "Acme headsets")
                .containsEntry("StageName", "Prospecting").containsEntry("OwnerId", org.demo.aliceUserId());
        assertThat(connector.openItems(org.alice, org.demo.hanakoContactId(), Relation.CASE)).hasSize(2);
    }

    @Test
    void idsOfTheWrongKindAreRefusedBeforeAnyRequest() {
        org.linkAlice();
        int before = org.requests();

        assertThatThrownBy(() -> connector.openItems(org.alice, org.demo.hanakoCaseId(), Relation.CASE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Contact");
        assertThatThrownBy(() -> connector.openItems(org.alice, UUID.randomUUID().toString(), Relation.CASE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> connector.createItem(org.alice,
                new NewCrmItem(Relation.CASE, org.demo.acmeAccountId(), "x", "")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> connector.contactDetails(org.alice, org.demo.hanakoCaseId()))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(org.requests()).isEqualTo(before);
    }

    // ---- call logs

    @Test
    void aCallLogBecomesACallTaskWithEveryField() {
        org.linkAlice();
        CallLog log = call(org.demo.hanakoContactId(), org.demo.hanakoCaseId(), "", "Customer asked about delivery");

        CrmRef ref = connector.logCall(log, Optional.empty());

        assertThat(ref.connector()).isEqualTo("salesforce");
        assertThat(ref.objectType()).isEqualTo("Task");
        assertThat(org.salesforce.records("Task")).singleElement().satisfies(task -> assertThat(task)
                .containsEntry("Id", ref.id())
                .containsEntry("Subject", "Call Inbound +15551230001")
                .containsEntry("Description", "Customer asked about delivery")
                .containsEntry("Status", "Completed")
                .containsEntry("Priority", "Normal")
                .containsEntry("TaskSubtype", "Call")
                .containsEntry("CallType", "Inbound")
                .containsEntry("CallDurationInSeconds", 95)
                .containsEntry("CallObject", log.id().toString())
                .containsEntry("CallDisposition", "ANSWERED")
                .containsEntry("ActivityDate", STARTED.atZone(ZoneId.systemDefault()).toLocalDate().toString())
                .containsEntry("WhoId", org.demo.hanakoContactId())
                .containsEntry("WhatId", org.demo.hanakoCaseId())
                .containsEntry("OwnerId", org.demo.aliceUserId()));
    }

    @Test
    void loggingACallAgainAmendsItsTask() {
        CallLog first = call(org.demo.hanakoContactId(), null, "", "");
        CrmRef ref = connector.logCall(first, Optional.empty());

        CallLog withNotes = withSubjectAndNotes(first, "Delivery question", "Promised a call back");
        CrmRef again = connector.logCall(withNotes, Optional.of(ref));
        CrmRef third = connector.logCall(withSubjectAndNotes(first, "Delivery question", "Called back"), Optional.empty());

        assertThat(again).isEqualTo(ref);
        assertThat(third).as("found by CallObject without the delivered ref").isEqualTo(ref);
        assertThat(org.salesforce.records("Task")).singleElement().satisfies(task -> assertThat(task)
                .containsEntry("Subject", "Delivery question").containsEntry("Description", "Called back")
                .containsEntry("TaskSubtype", "Call"));
    }

    @Test
    void aRecordingLinkAmendsTheTaskBelowTheNotesAndADeliveryAgainChangesNothing() {
        CallLog ended = call(org.demo.hanakoContactId(), null, "", "Customer asked about delivery");
        CrmRef ref = connector.logCall(ended, Optional.empty());
        CallLog recorded = ended.withRecording(new RecordingLink(RECORDING, RecordingKind.CALL,
                URI.create("https://pbx.example.com/api/v1/recordings/" + RECORDING + "/audio?expires=1&sig=abc"),
                Duration.ofSeconds(125)));

        CrmRef amended = connector.logCall(recorded, Optional.of(ref));
        String description = (String) byId("Task", ref.id()).get("Description");
        connector.logCall(recorded, Optional.of(ref));
        connector.logCall(recorded, Optional.empty());

        assertThat(amended).isEqualTo(ref);
        assertThat(description).isEqualTo("Customer asked about delivery\n\n"
                + "Recording (2:05): https://pbx.example.com/api/v1/recordings/" + RECORDING + "/audio?expires=1&sig=abc");
        assertThat(org.salesforce.records("Task")).singleElement()
                .satisfies(task -> assertThat(task).containsEntry("Description", description));
    }

    @Test
    void aVoicemailWithoutNotesIsTheLinkAloneAndEveryRecordingHasItsLine() {
        UUID second = UUID.fromString("00000000-0000-0000-0000-0000000000bb");
        CallLog missed = call(null, null, "", "")
                .withRecording(new RecordingLink(RECORDING, RecordingKind.VOICEMAIL, URI.create("https://pbx/v/1"),
                        Duration.ofSeconds(42)));

        CrmRef ref = connector.logCall(missed, Optional.empty());
        assertThat(byId("Task", ref.id())).containsEntry("Description", "Voicemail (0:42): https://pbx/v/1");

        connector.logCall(withSubjectAndNotes(missed.withRecording(new RecordingLink(second, RecordingKind.CALL,
                URI.create("https://pbx/r/2"), Duration.ofSeconds(61))), "", "Called back"), Optional.of(ref));
        assertThat(byId("Task", ref.id())).containsEntry("Description",
                "Called back\n\nVoicemail (0:42): https://pbx/v/1\nRecording (1:01): https://pbx/r/2");
    }

    @Test
    void notesThatFillTheDescriptionAreCutToKeepTheLinkWithinSalesforcesLimit() {
        String notes = "n".repeat(CallLog.MAX_NOTES);
        CallLog log = call(null, null, "", notes).withRecording(new RecordingLink(RECORDING, RecordingKind.CALL,
                URI.create("https://pbx.example.com/r/" + RECORDING), Duration.ofSeconds(5)));

        CrmRef ref = connector.logCall(log, Optional.empty());

        String description = (String) byId("Task", ref.id()).get("Description");
        String link = "Recording (0:05): https://pbx.example.com/r/" + RECORDING;
        assertThat(description).hasSize(CallTask.MAX_DESCRIPTION).endsWith("n\n\n" + link);
        assertThat(description.substring(0, description.length() - link.length() - 2)).matches("n+");
    }

    @Test
    void aCrashBetweenInsertAndAcknowledgementMakesNoSecondTask() {
        CallLog log = call(org.demo.hanakoContactId(), null, "", "notes");
        org.salesforce.stallAfterTaskInsert(true);

        assertThatThrownBy(() -> connector.logCall(log, Optional.empty())).isInstanceOf(CrmUnavailableException.class);
        assertThat(org.salesforce.records("Task")).as("stored, never acknowledged").hasSize(1);

        org.salesforce.stallAfterTaskInsert(false);
        CrmRef ref = connector.logCall(log, Optional.empty());

        assertThat(org.salesforce.records("Task")).singleElement().satisfies(task -> assertThat(task).containsEntry("Id", ref.id()));
    }

    @Test
    void anIdFromAnotherCrmIsLeftOutAndASalesforceIdOfTheWrongKindIsRejected() {
        CallLog fromLocalCrm = call(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "Local match", "");
        connector.logCall(fromLocalCrm, Optional.empty());
        assertThat(org.salesforce.records("Task")).singleElement().satisfies(task -> assertThat(task)
                .doesNotContainKeys("WhoId", "WhatId").containsEntry("Subject", "Local match"));

        int before = org.requests();
        assertThatThrownBy(() -> connector.logCall(call(org.demo.hanakoCaseId(), null, "", ""), Optional.empty()))
                .isInstanceOf(CrmRejectedException.class).hasMessageContaining("not a Salesforce Contact or Lead");
        assertThatThrownBy(() -> connector.logCall(call(org.demo.hanakoContactId(), org.demo.hanakoContactId(), "", ""),
                Optional.empty())).isInstanceOf(CrmRejectedException.class);
        assertThat(org.requests()).isEqualTo(before);
    }

    @Test
    void aValidationErrorIsRejectedWithSalesforcesMessageAndCode() {
        String noSuchCase = "500" + "0".repeat(9) + "9ZZ";

        CrmRejectedException rejected = catchThrowableOfType(CrmRejectedException.class,
                () -> connector.logCall(call(org.demo.hanakoContactId(), noSuchCase, "", ""), Optional.empty()));

        assertThat(rejected.getMessage()).contains("INVALID_CROSS_REFERENCE_KEY").contains("invalid cross reference id");
    }

    @Test
    void anOutboundCallWithoutSubjectIsNamedAfterTheNumberDialled() {
        CallLog log = new CallLog(UUID.randomUUID(), CallDirection.OUTBOUND, "+15550101", "+15551230001", Optional.empty(),
                STARTED, Optional.empty(), STARTED.plusSeconds(20), Duration.ZERO, Disposition.MISSED, "", "",
                Optional.empty(), Optional.empty(), List.of());

        connector.logCall(log, Optional.empty());

        assertThat(org.salesforce.records("Task")).singleElement().satisfies(task -> assertThat(task)
                .containsEntry("Subject", "Call Outbound +15551230001").containsEntry("CallType", "Outbound")
                .containsEntry("CallDurationInSeconds", 0).containsEntry("CallDisposition", "MISSED"));
    }

    // ---- failures

    @Test
    void anExpiredTokenIsReplacedAndTheRequestSentOnceMore() {
        connector.findByPhone(org.bob, E164.of("+15551230001"));
        org.salesforce.expireTokens();
        int before = org.requests();

        assertThat(connector.findByPhone(org.bob, E164.of("+15551230001"))).hasSize(1);

        assertThat(org.salesforce.requestLog().subList(before, org.requests())).containsExactly(
                "GET /services/data/v62.0/search/ 401", "POST /services/oauth2/token 200", "GET /services/data/v62.0/search/ 200");
    }

    @Test
    void theRateLimitAsksToComeBackLater() {
        org.salesforce.failNext(1, Failure.RATE_LIMIT);

        CrmUnavailableException e = catchThrowableOfType(CrmUnavailableException.class,
                () -> connector.findByPhone(org.bob, E164.of("+15551230001")));

        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(30));
        assertThat(e.getMessage()).contains("REQUEST_LIMIT_EXCEEDED");
        assertThat(connector.findByPhone(org.bob, E164.of("+15551230001"))).hasSize(1);
    }

    @Test
    void anHtmlErrorPageBrokenJsonATimeoutAndARefusedConnectionAreUnavailability() {
        org.salesforce.failNext(1, Failure.SERVER_ERROR_HTML);
        assertThatThrownBy(() -> connector.findByPhone(org.bob, E164.of("+15551230001")))
                .isInstanceOf(CrmUnavailableException.class).hasMessageContaining("HTTP 500");

        org.salesforce.failNext(1, Failure.MALFORMED_JSON);
        assertThatThrownBy(() -> connector.contactDetails(org.bob, org.demo.hanakoContactId()))
                .isInstanceOf(CrmUnavailableException.class).hasMessageContaining("not JSON");

        org.salesforce.failNext(1, Failure.TIMEOUT);
        assertThatThrownBy(() -> connector.findByPhone(org.bob, E164.of("+15551230001")))
                .isInstanceOf(CrmUnavailableException.class).hasMessageContaining("no answer within 1 s");

        org.salesforce.stop();
        assertThatThrownBy(() -> connector.findByPhone(org.bob, E164.of("+15551230001")))
                .isInstanceOf(CrmUnavailableException.class);

        org.salesforce.restart();
        assertThat(connector.findByPhone(org.bob, E164.of("+15551230001"))).hasSize(1);
    }

    @Test
    void aFailedRequestLogsOneLineAndNoStackTrace() {
        org.salesforce.failNext(1, Failure.SERVER_ERROR_HTML);
        String logged;
        try (LogCapture log = new LogCapture()) {
            assertThatThrownBy(() -> connector.findByPhone(org.bob, E164.of("+15551230001")))
                    .isInstanceOf(CrmUnavailableException.class);
            logged = log.text();
        }
        assertThat(logged.lines().filter(line -> line.contains("WARN"))).hasSize(1);
        assertThat(logged).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aRecordOpensOnItsLightningPage() {
        assertThat(connector.recordUrl(new CrmRef("salesforce", "Contact", org.demo.hanakoContactId()))).hasValue(
                URI.create(org.salesforce.url() + "/lightning/r/Contact/" + org.demo.hanakoContactId() + "/view"));
        assertThat(connector.recordUrl(new CrmRef("local", "Contact", org.demo.hanakoContactId()))).isEmpty();
        assertThat(connector.recordUrl(new CrmRef("salesforce", "Contact/../x", org.demo.hanakoContactId()))).isEmpty();
    }

    @Test
    void linkSaysWhetherTheAgentConnected() {
        assertThat(connector.link(org.alice).linked()).isFalse();
        assertThat(connector.link(org.alice).required()).isTrue();

        org.linkAlice();

        assertThat(connector.link(org.alice).crmUserId()).hasValue(org.demo.aliceUserId());
        assertThat(connector.link(org.alice).crmUserName()).hasValue("Alice Agent");
    }

    private Map<String, Object> byId(String sobject, String id) {
        return org.salesforce.records(sobject).stream().filter(r -> id.equals(r.get("Id"))).findFirst().orElseThrow();
    }

    private CallLog call(String contactId, String relatedItemId, String subject, String notes) {
        return new CallLog(UUID.randomUUID(), CallDirection.INBOUND, "+15551230001", "+15550100", Optional.of(org.alice.agentId()),
                STARTED, Optional.of(STARTED.plusSeconds(5)), STARTED.plusSeconds(100), Duration.ofSeconds(95),
                Disposition.ANSWERED, subject, notes, Optional.ofNullable(contactId), Optional.ofNullable(relatedItemId), List.of());
    }

    private static CallLog withSubjectAndNotes(CallLog log, String subject, String notes) {
        return new CallLog(log.id(), log.direction(), log.from(), log.to(), log.agentId(), log.startedAt(), log.answeredAt(),
                log.endedAt(), log.talkTime(), log.disposition(), subject, notes, log.contactId(), log.relatedItemId(),
                log.recordingIds(), log.recordings());
    }
}
