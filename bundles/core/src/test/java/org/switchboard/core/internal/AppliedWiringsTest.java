package org.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Tone;
import org.switchboard.core.internal.MediaPlan.Bridged;
import org.switchboard.core.internal.MediaPlan.Wiring;

/** The index that finds the partners a new bridge leaves behind, kept true as wirings change. */
class AppliedWiringsTest {
    private final AppliedWirings applied = new AppliedWirings();
    private final UUID agent = UUID.randomUUID();
    private final UUID customer = UUID.randomUUID();
    private final UUID colleague = UUID.randomUUID();

    @Test
    void aNewBridgeLeavesBehindThePartnersOfItsMembersButNotTheMembers() {
        bridge(agent, customer);

        assertThat(applied.leftBehindBy(Set.of(agent, colleague))).containsExactly(customer);
        assertThat(applied.leftBehindBy(Set.of(agent, customer))).isEmpty();
        assertThat(applied.leftBehindBy(Set.of(colleague, UUID.randomUUID()))).isEmpty();
    }

    @Test
    void anEndpointToldSomethingElseIsNoLongerAPartner() {
        bridge(agent, customer);
        applied.put(customer, new Wiring(new MediaPlan.Playing(Tone.HOLD_MUSIC), true));

        assertThat(applied.leftBehindBy(Set.of(agent, colleague))).as("only the agent is still told of the bridge")
                .isEmpty();
        assertThat(applied.get(customer).muted()).isTrue();
    }

    @Test
    void hearingSomethingElseKeepsWhetherTheEndpointIsMuted() {
        applied.put(agent, new Wiring(new MediaPlan.Playing(Tone.HOLD_MUSIC), true));
        applied.hear(agent, new Bridged(Set.of(agent, customer)));
        applied.hear(colleague, new MediaPlan.Silent());

        assertThat(applied.get(agent)).isEqualTo(new Wiring(new Bridged(Set.of(agent, customer)), true));
        assertThat(applied.get(colleague).muted()).as("told nothing before: not muted").isFalse();
        assertThat(applied.leftBehindBy(Set.of(customer, UUID.randomUUID()))).containsExactly(agent);
    }

    @Test
    void forgettingEveryEndpointLeavesNothingIndexed() {
        bridge(agent, customer);
        bridge(colleague, customer);
        applied.remove(agent);
        applied.remove(customer);
        applied.remove(colleague);

        assertThat(applied.leftBehindBy(Set.of(agent, customer, colleague))).isEmpty();
        assertThat(applied.get(agent)).isEqualTo(AppliedWirings.NOTHING);
        assertThat(applied.indexedEndpoints()).as("no index entry outlives its wirings").isZero();
    }

    @Test
    void aConferenceMemberLeavingForABridgeLeavesTheOthersBehind() {
        Bridged conference = new Bridged(Set.of(agent, customer, colleague));
        for (UUID member : conference.members()) {
            applied.put(member, new Wiring(conference, false));
        }
        UUID supervisor = UUID.randomUUID();

        assertThat(applied.leftBehindBy(Set.of(colleague, supervisor))).containsExactlyInAnyOrder(agent, customer);
    }

    private void bridge(UUID a, UUID b) {
        Bridged bridge = new Bridged(Set.of(a, b));
        applied.put(a, new Wiring(bridge, false));
        applied.put(b, new Wiring(bridge, false));
    }
}
