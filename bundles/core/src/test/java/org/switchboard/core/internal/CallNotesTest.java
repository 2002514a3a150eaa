package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallNotes;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.event.Topics;

/** Notes travel with the live call (to whoever it is transferred to) and become the call log's. */
class CallNotesTest {
    private static final CallNotes REFUND = new CallNotes("Refund", "Wants a refund for March",
            Optional.of("003-jiro"), Optional.of("500-case"));

    private final CallFixture f = new CallFixture();

    @Test
    void notesOnALiveCallAreSeenByTheAgentWhoReceivesItsTransferAndEndUpOnItsLog() {
        CallFixture.Bridge b = f.bridged();

        f.calls.annotate(b.callId(), REFUND);
        assertThat(f.lastEvent(Topics.CALL_NOTED)).isNotNull();
        Leg bobLeg = f.calls.blindTransfer(b.agentLeg(), LegKind.WEBRTC, f.bob());
        f.attach(bobLeg.id());
        Call withBob = f.calls.legAnswered(bobLeg.id());

        assertThat(withBob.notes()).isEqualTo(REFUND);
        f.calls.hangup(b.callId(), EndReason.CALLER_HANGUP);
        assertThat(f.store.logs.get(b.callId())).satisfies(log -> {
            assertThat(log.subject()).isEqualTo("Refund");
            assertThat(log.notes()).isEqualTo("Wants a refund for March");
            assertThat(log.contactId()).contains("003-jiro");
            assertThat(log.relatedItemId()).contains("500-case");
        });
    }

    @Test
    void notesWrittenDuringAConsultationBelongToTheCallBeingTransferred() {
        CallFixture.Bridge b = f.bridged();
        Call consultation = f.calls.consult(b.agentLeg(), LegKind.WEBRTC, f.bob());

        f.calls.annotate(consultation.id(), REFUND);

        assertThat(f.call(b.callId()).notes()).isEqualTo(REFUND);
    }

    @Test
    void theSameNotesAgainPublishNothingAndAnEndedCallTakesNoNotes() {
        CallFixture.Bridge b = f.bridged();
        f.calls.annotate(b.callId(), REFUND);
        int events = f.events.topics().size();

        f.calls.annotate(b.callId(), REFUND);

        assertThat(f.events.topics()).hasSize(events);
        f.calls.hangup(b.callId(), EndReason.CALLER_HANGUP);
        assertThatThrownBy(() -> f.calls.annotate(b.callId(), CallNotes.empty()))
                .isInstanceOf(IllegalCallStateException.class);
    }

    @Test
    void theAgentsPickOfContactWinsOverTheNumbersMatch() {
        CallFixture.Bridge b = f.bridged();
        f.calls.annotate(b.callId(), new CallNotes("", "", Optional.of("003-taro"), Optional.empty()));
        f.calls.hangup(b.callId(), EndReason.CALLER_HANGUP);

        assertThat(f.store.logs.get(b.callId()).contactId()).contains("003-taro");
    }
}
