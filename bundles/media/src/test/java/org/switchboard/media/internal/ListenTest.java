package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.media.internal.ClipTest.clip;
import static org.switchboard.media.internal.ClipTest.hears;
import static org.switchboard.media.internal.ClipTest.listen;
import static org.switchboard.media.internal.RelayTest.remote;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.Tone;

/** Call screening: the agent listens to the caller, who hears the greeting and not the agent. */
class ListenTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final int CALLER_HZ = 700;
    private static final int AGENT_HZ = 500;

    private final MediaEngine engine = Engines.start(4);
    private final Phone callerPhone = new Phone();
    private final Phone agentPhone = new Phone();
    private MediaEndpoint caller;
    private MediaEndpoint agent;
    private Talker callerTalks;
    private Talker agentTalks;

    @AfterEach
    void tearDown() {
        if (callerTalks != null) {
            callerTalks.close();
        }
        if (agentTalks != null) {
            agentTalks.close();
        }
        callerPhone.close();
        agentPhone.close();
        engine.close();
    }

    /** Caller on PCMA, agent on PCMU: listening transcodes as a bridge would. */
    private void callerAndAgentTalk() {
        caller = engine.allocate(UUID.randomUUID());
        agent = engine.allocate(UUID.randomUUID());
        engine.setRemote(caller.id(), remote(callerPhone, Codec.PCMA));
        engine.setRemote(agent.id(), remote(agentPhone, Codec.PCMU));
        callerTalks = new Talker(callerPhone, caller.local(), Codec.PCMA, CALLER_HZ);
        agentTalks = new Talker(agentPhone, agent.local(), Codec.PCMU, AGENT_HZ);
    }

    @Test
    void listenerHearsTheCallerWhoHearsOnlyTheGreetingThenSilence() {
        callerAndAgentTalk();
        engine.playClip(caller.id(), clip(1000, 25));
        engine.listen(agent.id(), caller.id());

        List<Phone.Packet> atAgent = agentPhone.receive(50, WAIT);
        assertThat(atAgent).allSatisfy(p -> assertThat(p.payloadType()).isEqualTo(Codec.PCMU.payloadType()));
        short[] agentHears = Audio.decode(Codec.PCMU, atAgent.subList(10, 50));
        assertThat(Audio.amplitude(agentHears, CALLER_HZ)).as("the agent hears the caller").isGreaterThan(6000);
        assertThat(Audio.amplitude(agentHears, 1000)).as("not the greeting").isLessThan(300);

        short[] callerHears = Audio.decode(Codec.PCMA, callerPhone.receive(75, WAIT));
        assertThat(Audio.amplitude(callerHears, 0, 25 * Audio.FRAME, 1000)).as("the greeting").isGreaterThan(6000);
        assertThat(Audio.amplitude(callerHears, AGENT_HZ)).as("never the agent").isLessThan(300);
        assertThat(Audio.rms(callerHears, 25 * Audio.FRAME, 50 * Audio.FRAME)).as("silence after the greeting")
                .isLessThan(20);
    }

    @Test
    void theSourceFarEndReceivesNothingFromTheListener() {
        callerAndAgentTalk(); // caller unbridged, nothing played to it
        engine.listen(agent.id(), caller.id());
        Poll.until(() -> hears(agentPhone, CALLER_HZ), WAIT, "the agent to hear the caller");

        callerPhone.drain();
        assertThat(callerPhone.receive(Duration.ofMillis(300))).as("not a packet to the caller").isEmpty();
        assertThat(engine.stats(agent.id()).packetsIn()).as("the agent did talk").isGreaterThan(10);
        assertThat(engine.stats(caller.id()).packetsOut()).isZero();
    }

    @Test
    void pickUpTurnsListeningIntoATwoWayBridgeOnTheSameStream() {
        callerAndAgentTalk();
        engine.playClip(caller.id(), clip(1000, 500));
        engine.listen(agent.id(), caller.id());
        Poll.until(() -> hears(agentPhone, CALLER_HZ), WAIT, "the agent to hear the caller");
        agentPhone.drain();
        List<Phone.Packet> before = agentPhone.receive(5, WAIT);

        engine.bridge(agent.id(), caller.id());

        Poll.until(() -> hears(callerPhone, AGENT_HZ), WAIT, "the caller to hear the agent");
        assertThat(Audio.amplitude(listen(callerPhone, 25), 1000)).as("the greeting is gone").isLessThan(300);
        List<Phone.Packet> after = agentPhone.receive(25, WAIT);
        assertThat(Audio.amplitude(Audio.decode(Codec.PCMU, after), CALLER_HZ)).isGreaterThan(6000);
        assertThat(after).allSatisfy(p -> assertThat(p.ssrc()).isEqualTo(before.get(0).ssrc()));
        assertThat(after.stream().filter(Phone.Packet::marker)).as("the same source goes on: no new talk spurt").isEmpty();
    }

    @Test
    void unbridgeOrPlayOnTheListenerEndsListening() {
        callerAndAgentTalk();
        engine.listen(agent.id(), caller.id());
        Poll.until(() -> hears(agentPhone, CALLER_HZ), WAIT, "the agent to hear the caller");

        engine.unbridge(agent.id());
        agentPhone.drain();
        assertThat(agentPhone.receive(Duration.ofMillis(200))).as("nothing after unbridge").isEmpty();

        engine.listen(agent.id(), caller.id());
        Poll.until(() -> hears(agentPhone, CALLER_HZ), WAIT, "the agent to hear the caller again");
        engine.play(agent.id(), Tone.RINGBACK);
        Poll.until(() -> hears(agentPhone, 440), WAIT, "ringback");
        engine.play(agent.id(), Tone.SILENCE);
        agentPhone.drain();
        assertThat(agentPhone.receive(Duration.ofMillis(200))).as("play ended listening for good").isEmpty();
    }

    @Test
    void listeningToAnotherSourceSwitchesOverAndReleasedSourcesAreForgotten() {
        callerAndAgentTalk();
        engine.listen(agent.id(), caller.id());
        Poll.until(() -> hears(agentPhone, CALLER_HZ), WAIT, "the agent to hear the caller");
        try (Phone otherPhone = new Phone()) {
            MediaEndpoint other = engine.allocate(UUID.randomUUID());
            engine.setRemote(other.id(), remote(otherPhone, Codec.PCMU));
            try (Talker otherTalks = new Talker(otherPhone, other.local(), Codec.PCMU, 1200)) {
                engine.listen(agent.id(), other.id());
                Poll.until(() -> hears(agentPhone, 1200), WAIT, "the agent to hear the other caller");
                assertThat(Audio.amplitude(listen(agentPhone, 25), CALLER_HZ)).isLessThan(300);

                engine.release(other.id());
                agentPhone.drain();
                assertThat(agentPhone.receive(Duration.ofMillis(200))).as("silence once the source is gone").isEmpty();
                engine.listen(agent.id(), caller.id());
                Poll.until(() -> hears(agentPhone, CALLER_HZ), WAIT, "the agent to hear the first caller again");
            }
        }
    }

    @Test
    void anEndpointCannotListenToItself() {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        assertThatThrownBy(() -> engine.listen(a.id(), a.id())).isInstanceOf(IllegalArgumentException.class);
    }
}
