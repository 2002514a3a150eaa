package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegDriver;
import org.switchboard.api.call.LegKind;

/** One driver per leg kind, taken for the kind its {@code leg.kind} property names. */
class LegDriversTest {
    private final CallFixture f = new CallFixture();

    @Test
    void aSecondDriverOfAKindIsRefusedAndTakesOverWhenTheFirstLeaves() {
        RecordingLegDriver second = new RecordingLegDriver(LegKind.WEBRTC);
        f.calls.addLegDriver(second, Map.of(LegDriver.KIND_PROPERTY, "WEBRTC"));
        Call call = f.inbound();
        Leg first = f.offer(call, f.alice());
        f.calls.hangup(call.id(), EndReason.CANCELLED);

        assertThat(f.webrtc.commands).containsExactly("release " + first.id() + " CANCELLED");
        assertThat(second.commands).isEmpty();

        f.calls.removeLegDriver(f.webrtc);
        Call next = f.inbound();
        Leg offered = f.offer(next, f.alice());
        f.calls.hangup(next.id(), EndReason.CANCELLED);

        assertThat(second.commands).containsExactly("release " + offered.id() + " CANCELLED");
    }

    @Test
    void aDriverWhosePropertyNamesAnotherKindIsRefused() {
        f.calls.removeLegDriver(f.webrtc);
        RecordingLegDriver confused = new RecordingLegDriver(LegKind.WEBRTC);
        f.calls.addLegDriver(confused, Map.of(LegDriver.KIND_PROPERTY, "SIP"));
        Call call = f.inbound();
        f.offer(call, f.alice());

        f.calls.hangup(call.id(), EndReason.CANCELLED);

        assertThat(confused.commands).isEmpty();
        assertThat(f.sip.commands).hasSize(1); // the customer's SIP leg, by the SIP driver that was there first
    }
}
