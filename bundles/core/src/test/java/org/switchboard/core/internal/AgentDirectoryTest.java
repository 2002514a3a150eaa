package org.switchboard.core.internal;

import org.switchboard.testing.Configs;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.agent.AuthResult;
import org.switchboard.api.agent.NewAgent;
import org.switchboard.api.agent.Presence;
import org.switchboard.api.agent.Role;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.call.EndReason;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.Party;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;
import org.switchboard.api.number.E164;

class AgentDirectoryTest {
    private final MutableClock clock = new MutableClock();
    private final InMemoryAgentRepository repo = new InMemoryAgentRepository();
    private final Agent alice = repo.add("alice", "1001", Optional.empty());
    private final Agent bob = repo.add("bob", "1002", Optional.empty());
    private final RecordingEventAdmin events = new RecordingEventAdmin();
    private AgentDirectory agents = directory(0);

    /** Call events from a real state machine reach the directory as EventAdmin would deliver them. */
    private final CallStateMachine calls = new CallStateMachine(new CallLogRecorder(Runnable::run), clock,
            new ManualRingTimer(), new CallerMatcher(new CrmConnectorRegistry(), Runnable::run));

    AgentDirectoryTest() {
        calls.setEventAdmin(events);
    }

    @AfterEach
    void stop() {
        agents.deactivate();
    }

    @Test
    void rightPasswordLogsIn() {
        assertThat(agents.authenticate("alice", "alice-secret".toCharArray())).isEqualTo(new AuthResult.Success(alice));
        assertThat(agents.authenticate(" Alice ", "alice-secret".toCharArray())).isEqualTo(new AuthResult.Success(alice));
    }

    @Test
    void wrongPasswordUnknownUserAndDisabledAgentAreAllInvalid() {
        assertThat(agents.authenticate("alice", "wrong-password".toCharArray())).isInstanceOf(AuthResult.Invalid.class);
        assertThat(agents.authenticate("mallory", "alice-secret".toCharArray())).isInstanceOf(AuthResult.Invalid.class);
        assertThat(agents.authenticate("alice", null)).isInstanceOf(AuthResult.Invalid.class);
        repo.disable(bob.id());
        assertThat(agents.authenticate("bob", "bob-secret".toCharArray())).isInstanceOf(AuthResult.Invalid.class);
    }

    @Test
    void lockedAfterFiveFailedLoginsEvenWithTheRightPassword() {
        for (int i = 0; i < 5; i++) {
            assertThat(agents.authenticate("alice", "wrong-password".toCharArray())).isInstanceOf(AuthResult.Invalid.class);
        }
        Instant until = clock.instant().plusSeconds(300);

        assertThat(agents.authenticate("alice", "wrong-password".toCharArray())).isEqualTo(new AuthResult.Locked(until));
        clock.advance(Duration.ofSeconds(299));
        assertThat(agents.authenticate("alice", "alice-secret".toCharArray())).isEqualTo(new AuthResult.Locked(until));
        assertThat(agents.authenticate("bob", "bob-secret".toCharArray())).isInstanceOf(AuthResult.Success.class);
    }

    @Test
    void unlockedOnceTheLockoutTimeHasPassed() {
        for (int i = 0; i < 5; i++) {
            agents.authenticate("alice", "wrong-password".toCharArray());
        }
        clock.advance(Duration.ofSeconds(300));

        assertThat(agents.authenticate("alice", "alice-secret".toCharArray())).isEqualTo(new AuthResult.Success(alice));
    }

    @Test
    void successResetsTheFailureCount() {
        for (int i = 0; i < 4; i++) {
            agents.authenticate("alice", "wrong-password".toCharArray());
        }
        agents.authenticate("alice", "alice-secret".toCharArray());
        for (int i = 0; i < 4; i++) {
            assertThat(agents.authenticate("alice", "wrong-password".toCharArray())).isInstanceOf(AuthResult.Invalid.class);
        }
    }

    @Test
    void lockoutLimitsComeFromConfiguration() {
        agents.deactivate();
        agents = new AgentDirectory(repo, Configs.config(AgentDirectory.Config.class,
                "maxFailedLogins", 2, "lockoutSeconds", 60), clock);

        agents.authenticate("alice", "wrong-password".toCharArray());
        agents.authenticate("alice", "wrong-password".toCharArray());

        assertThat(agents.authenticate("alice", "alice-secret".toCharArray()))
                .isEqualTo(new AuthResult.Locked(clock.instant().plusSeconds(60)));
    }

    @Test
    void agentsStartOfflineAndNewOnesToo() {
        Agent carol = agents.add(new NewAgent("carol", "Carol Clark", "1003", Optional.empty(), Role.SUPERVISOR,
                "carol-secret".toCharArray()));

        assertThat(agents.list()).extracting(s -> s.agent().username()).containsExactly("alice", "bob", "carol");
        assertThat(agents.list()).allSatisfy(s -> assertThat(s.presence()).isEqualTo(Presence.OFFLINE));
        assertThat(agents.findByUsername("carol").orElseThrow().agent()).isEqualTo(carol);
        assertThat(agents.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void presenceChangeIsPublished() {
        clock.advance(Duration.ofSeconds(42));

        var status = agents.setPresence(alice.id(), Presence.AVAILABLE);

        assertThat(status.presence()).isEqualTo(Presence.AVAILABLE);
        assertThat(status.since()).isEqualTo(clock.instant());
        Event event = events.last(Topics.AGENT_PRESENCE);
        assertThat(event.getProperty(EventProperties.AGENT_ID)).isEqualTo(alice.id().toString());
        assertThat(event.getProperty(EventProperties.USERNAME)).isEqualTo("alice");
        assertThat(event.getProperty(EventProperties.PRESENCE)).isEqualTo("AVAILABLE");
        assertThat(event.getProperty(EventProperties.TIMESTAMP)).isEqualTo(clock.millis());
    }

    @Test
    void settingTheSamePresenceAgainPublishesNothing() {
        agents.setPresence(alice.id(), Presence.AWAY);
        events.clear();

        agents.setPresence(alice.id(), Presence.AWAY);

        assertThat(events.events).isEmpty();
    }

    @Test
    void presenceOfAnUnknownAgentCannotBeSet() {
        assertThatThrownBy(() -> agents.setPresence(UUID.randomUUID(), Presence.AVAILABLE))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void answeringMakesTheAgentBusyAndTheEndMakesThemAvailableAgain() {
        agents.setPresence(alice.id(), Presence.AVAILABLE);
        agents.setPresence(bob.id(), Presence.AVAILABLE);
        Call call = inbound();
        Leg aliceLeg = calls.addLeg(call.id(), LegKind.WEBRTC, party(alice));
        calls.addLeg(call.id(), LegKind.WEBRTC, party(bob));

        calls.legAnswered(aliceLeg.id());

        assertThat(presence(alice)).isEqualTo(Presence.BUSY);
        assertThat(presence(bob)).isEqualTo(Presence.AVAILABLE); // only rang
        assertThat(events.last(Topics.AGENT_PRESENCE).getProperty(EventProperties.PRESENCE)).isEqualTo("BUSY");

        clock.advance(Duration.ofMinutes(3));
        calls.legEnded(aliceLeg.id(), EndReason.CALLEE_HANGUP);

        assertThat(presence(alice)).isEqualTo(Presence.AVAILABLE);
        assertThat(agents.find(alice.id()).orElseThrow().lastCallEndedAt()).isEqualTo(clock.instant());
        assertThat(agents.find(bob.id()).orElseThrow().lastCallEndedAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void wrapUpLastsTheConfiguredTimeThenTheAgentIsAvailable() {
        agents.deactivate();
        agents = directory(30);
        agents.setPresence(alice.id(), Presence.AVAILABLE);
        Call call = inbound();
        Leg aliceLeg = calls.addLeg(call.id(), LegKind.WEBRTC, party(alice));
        calls.legAnswered(aliceLeg.id());

        calls.hangup(call.id(), EndReason.CALLER_HANGUP);
        assertThat(presence(alice)).isEqualTo(Presence.WRAP_UP);

        clock.advance(Duration.ofSeconds(29));
        agents.finishWrapUps();
        assertThat(presence(alice)).isEqualTo(Presence.WRAP_UP);

        clock.advance(Duration.ofSeconds(1));
        agents.finishWrapUps();
        assertThat(presence(alice)).isEqualTo(Presence.AVAILABLE);
        assertThat(events.last(Topics.AGENT_PRESENCE).getProperty(EventProperties.PRESENCE)).isEqualTo("AVAILABLE");
    }

    @Test
    void anAgentWhoIsNotAvailableKeepsTheirPresenceThroughACall() {
        agents.setPresence(alice.id(), Presence.AWAY);
        Call call = calls.open(CallDirection.OUTBOUND, LegKind.WEBRTC, party(alice), "+15551230001", Optional.empty());
        Leg trunk = calls.addLeg(call.id(), LegKind.SIP, Party.external(E164.of("+15551230001")));

        calls.legAnswered(trunk.id());
        assertThat(presence(alice)).isEqualTo(Presence.AWAY);
        calls.hangup(call.id(), EndReason.CALLER_HANGUP);
        assertThat(presence(alice)).isEqualTo(Presence.AWAY);
    }

    @Test
    void aPresenceChosenDuringTheCallIsKeptAfterIt() {
        agents.setPresence(alice.id(), Presence.AVAILABLE);
        Call call = inbound();
        calls.legAnswered(calls.addLeg(call.id(), LegKind.WEBRTC, party(alice)).id());
        agents.setPresence(alice.id(), Presence.OFFLINE);

        calls.hangup(call.id(), EndReason.CALLER_HANGUP);

        assertThat(presence(alice)).isEqualTo(Presence.OFFLINE);
    }

    @Test
    void blindTransferFreesTheTransferorAndMakesTheTargetBusy() {
        agents.setPresence(alice.id(), Presence.AVAILABLE);
        agents.setPresence(bob.id(), Presence.AVAILABLE);
        Call call = inbound();
        Leg aliceLeg = calls.addLeg(call.id(), LegKind.WEBRTC, party(alice));
        calls.legAnswered(aliceLeg.id());

        Leg bobLeg = calls.blindTransfer(aliceLeg.id(), LegKind.WEBRTC, party(bob));
        assertThat(presence(alice)).isEqualTo(Presence.AVAILABLE);
        calls.legAnswered(bobLeg.id());

        assertThat(presence(bob)).isEqualTo(Presence.BUSY);
    }

    @Test
    void warmTransferKeepsTheTransferorBusyUntilTheConsultationEnds() {
        agents.setPresence(alice.id(), Presence.AVAILABLE);
        agents.setPresence(bob.id(), Presence.AVAILABLE);
        Call call = inbound();
        Leg aliceLeg = calls.addLeg(call.id(), LegKind.WEBRTC, party(alice));
        calls.legAnswered(aliceLeg.id());
        Call consultation = calls.consult(aliceLeg.id(), LegKind.WEBRTC, party(bob));
        Leg bobLeg = consultation.legs().get(1);
        calls.legAnswered(bobLeg.id());
        assertThat(presence(bob)).isEqualTo(Presence.BUSY);

        calls.completeTransfer(consultation.id());

        assertThat(presence(alice)).isEqualTo(Presence.AVAILABLE);
        assertThat(presence(bob)).isEqualTo(Presence.BUSY);
        calls.legEnded(bobLeg.id(), EndReason.CALLEE_HANGUP);
        assertThat(presence(bob)).isEqualTo(Presence.AVAILABLE);
    }

    private AgentDirectory directory(int wrapUpSeconds) {
        AgentDirectory directory = new AgentDirectory(repo,
                Configs.config(AgentDirectory.Config.class, "wrapUpSeconds", wrapUpSeconds), clock);
        directory.setEventAdmin(events);
        events.handlers.clear();
        events.handlers.add(directory);
        return directory;
    }

    private Call inbound() {
        return calls.open(CallDirection.INBOUND, LegKind.SIP, Party.external(E164.of("+15551230001")), "+15550100",
                Optional.empty());
    }

    private static Party party(Agent agent) {
        return CallFixture.agentParty(agent.id(), agent.username());
    }

    private Presence presence(Agent agent) {
        return agents.find(agent.id()).orElseThrow().presence();
    }
}
