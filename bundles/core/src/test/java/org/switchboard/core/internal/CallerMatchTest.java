package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.crm.CrmContact;
import org.switchboard.api.crm.CrmObject;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;
import org.switchboard.api.number.E164;

/** The screen pop: the CRM's contact for the outside party travels with the call's events and log. */
class CallerMatchTest {
    private static final CrmContact JANE = new CrmContact(CrmObject.CONTACT, "003-jane", "Jane Customer", Optional.of("Acme"),
            List.of(CallFixture.CUSTOMER), Optional.empty(), Optional.empty());

    private final CallFixture f = new CallFixture();
    private final FakeCrmConnector crm = new FakeCrmConnector("crm");

    @Test
    void anInboundCallerKnownToTheCrmIsMatchedAndEveryLaterEventCarriesTheContact() {
        crm.contacts.add(JANE);
        f.crm.addCrmConnector(crm, Map.of());

        Call call = f.inbound();

        Event matched = f.lastEvent(Topics.CALL_MATCHED);
        assertThat(matched.getProperty(EventProperties.CONTACT_ID)).isEqualTo("003-jane");
        assertThat(matched.getProperty(EventProperties.CONTACT_NAME)).isEqualTo("Jane Customer");
        f.offer(call, f.alice());
        assertThat(f.lastEvent(Topics.CALL_RINGING).getProperty(EventProperties.CONTACT_NAME)).isEqualTo("Jane Customer");
        f.calls.hangup(call.id(), EndReason.CALLER_HANGUP);
        assertThat(f.store.logs.values()).singleElement().satisfies(log -> assertThat(log.contactId()).contains("003-jane"));
    }

    @Test
    void anOutboundCallIsMatchedOnTheNumberDialed() {
        crm.contacts.add(JANE);
        f.crm.addCrmConnector(crm, Map.of());

        Call call = f.calls.open(CallDirection.OUTBOUND, LegKind.SIP, f.alice(), CallFixture.CUSTOMER.value(),
                Optional.of(E164.of("+15550101")));

        assertThat(f.calls.find(call.id()).orElseThrow().contact()).contains(JANE);
    }

    @Test
    void anUnknownNumberOrAnInternalCallHasNoMatch() {
        f.crm.addCrmConnector(crm, Map.of());
        crm.contacts.add(JANE);

        Call internal = f.calls.open(CallDirection.INTERNAL, LegKind.SIP, f.alice(), "1002", Optional.empty());
        Call unknown = f.calls.open(CallDirection.INBOUND, LegKind.SIP,
                org.switchboard.api.call.Party.external(E164.of("+15559998888")), "+15550100", Optional.empty());

        assertThat(f.calls.find(internal.id()).orElseThrow().contact()).isEmpty();
        assertThat(f.calls.find(unknown.id()).orElseThrow().contact()).isEmpty();
        assertThat(f.events.topics()).doesNotContain(Topics.CALL_MATCHED);
    }

    @Test
    void aNumberSharedByTwoContactsIsLeftForTheAgentToPick() {
        crm.contacts.add(JANE);
        crm.contacts.add(new CrmContact(CrmObject.CONTACT, "003-john", "John Customer", Optional.empty(), List.of(CallFixture.CUSTOMER),
                Optional.empty(), Optional.empty()));
        f.crm.addCrmConnector(crm, Map.of());

        Call call = f.inbound();

        assertThat(f.calls.find(call.id()).orElseThrow().contact()).isEmpty();
    }

    @Test
    void aCrmThatFailsLeavesTheCallUnmatchedButWorking() {
        crm.contacts.add(JANE);
        crm.down = true;
        f.crm.addCrmConnector(crm, Map.of());

        CallFixture.Bridge bridge = f.bridged();

        assertThat(f.calls.find(bridge.callId()).orElseThrow().contact()).isEmpty();
        assertThat(f.calls.find(bridge.callId()).orElseThrow().state().isLive()).isTrue();
    }
}
