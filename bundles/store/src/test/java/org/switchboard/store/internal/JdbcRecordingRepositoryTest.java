package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.switchboard.store.internal.Fixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingQuery;
import org.switchboard.api.recording.RecordingQuery.Audience;
import org.switchboard.api.recording.RecordingStatus;
import org.switchboard.api.recording.VoicemailCounts;

class JdbcRecordingRepositoryTest {
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID sales = UUID.randomUUID();
    private final UUID support = UUID.randomUUID();

    @OnBothDatabases
    void everyFieldSurvivesEachStepFromCaptureToPlayable(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording started = Recording.started(UUID.randomUUID(), UUID.randomUUID(), RecordingKind.VOICEMAIL,
                Optional.of(alice), Optional.of(sales), "+15551230001", "+15550100", T0.plusMillis(123),
                "/data/recordings/raw/a.wav");

        recordings.save(started);
        assertThat(recordings.find(started.id())).contains(started);

        Recording captured = started.captured(Duration.ofMillis(42_250));
        recordings.save(captured);
        assertThat(recordings.find(started.id())).contains(captured);

        Recording failed = captured.failed("encoder: disk full");
        recordings.save(failed);
        assertThat(recordings.find(started.id())).contains(failed);

        Recording ready = failed.ready("/data/recordings/a.mp3", "sha256:" + "ab".repeat(32), 336_044,
                Duration.ofMillis(42_200));
        recordings.save(ready);
        assertThat(recordings.find(started.id())).contains(ready);
        assertThat(recordings.find(started.id()).orElseThrow().error()).isEmpty();

        assertThat(recordings.find(UUID.randomUUID())).isEmpty();
    }

    @OnBothDatabases
    void aRecordingWithoutAgentOrGroupRoundTrips(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording anonymous = Recording.started(UUID.randomUUID(), UUID.randomUUID(), RecordingKind.CALL,
                Optional.empty(), Optional.empty(), "", "", T0, "/raw/b.wav");

        recordings.save(anonymous);

        assertThat(recordings.find(anonymous.id())).contains(anonymous);
    }

    @OnBothDatabases
    void recordingsOfACallComeInTheOrderTheyStarted(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        UUID callId = UUID.randomUUID();
        Recording voicemail = Recording.started(UUID.randomUUID(), callId, RecordingKind.VOICEMAIL, Optional.empty(),
                Optional.of(sales), "+15551230001", "+15550100", T0.plusSeconds(20), "/raw/vm.wav");
        Recording call = call(callId, alice, T0);
        recordings.save(voicemail);
        recordings.save(call);
        recordings.save(call(UUID.randomUUID(), alice, T0));

        assertThat(recordings.forCall(callId)).containsExactly(call, voicemail);
        assertThat(recordings.forCall(UUID.randomUUID())).isEmpty();
    }

    @OnBothDatabases
    void listIsNewestFirstAndStopsAtTheLimit(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording first = call(UUID.randomUUID(), alice, T0);
        Recording second = voicemail(Optional.of(bob), Optional.empty(), T0.plusSeconds(60));
        Recording third = call(UUID.randomUUID(), bob, T0.plusSeconds(120));
        recordings.save(second);
        recordings.save(third);
        recordings.save(first);

        assertThat(recordings.list(RecordingQuery.all(10))).containsExactly(third, second, first);
        assertThat(recordings.list(RecordingQuery.all(2))).containsExactly(third, second);
    }

    @OnBothDatabases
    void listFiltersByKind(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording call = call(UUID.randomUUID(), alice, T0);
        Recording voicemail = voicemail(Optional.of(alice), Optional.empty(), T0.plusSeconds(1));
        recordings.save(call);
        recordings.save(voicemail);

        assertThat(recordings.list(query(Optional.of(RecordingKind.CALL), Optional.empty()))).containsExactly(call);
        assertThat(recordings.list(query(Optional.of(RecordingKind.VOICEMAIL), Optional.empty())))
                .containsExactly(voicemail);
    }

    @OnBothDatabases
    void anAgentSeesTheirOwnRecordingsAndTheVoicemailOfTheirGroupsOnly(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording ownCall = call(UUID.randomUUID(), alice, T0);
        Recording ownVoicemail = voicemail(Optional.of(alice), Optional.empty(), T0.plusSeconds(1));
        Recording salesVoicemail = voicemail(Optional.empty(), Optional.of(sales), T0.plusSeconds(2));
        // a call that came through sales but is bob's: the group is not a way to see other agents' calls
        Recording bobsSalesCall = save(recordings, withGroup(call(UUID.randomUUID(), bob, T0.plusSeconds(3)), sales));
        Recording supportVoicemail = voicemail(Optional.empty(), Optional.of(support), T0.plusSeconds(4));
        Recording bobsVoicemail = voicemail(Optional.of(bob), Optional.empty(), T0.plusSeconds(5));
        for (Recording recording : List.of(ownCall, ownVoicemail, salesVoicemail, supportVoicemail, bobsVoicemail)) {
            recordings.save(recording);
        }

        Audience aliceInSales = new Audience(Set.of(alice), Set.of(sales));
        assertThat(recordings.list(query(Optional.empty(), Optional.of(aliceInSales))))
                .containsExactly(salesVoicemail, ownVoicemail, ownCall);
        assertThat(recordings.list(query(Optional.of(RecordingKind.VOICEMAIL), Optional.of(aliceInSales))))
                .containsExactly(salesVoicemail, ownVoicemail);
        Audience supervisorOfBoth = new Audience(Set.of(alice, bob), Set.of(sales, support));
        assertThat(recordings.list(query(Optional.empty(), Optional.of(supervisorOfBoth))))
                .containsExactly(bobsVoicemail, supportVoicemail, bobsSalesCall, salesVoicemail, ownVoicemail, ownCall);
    }

    @OnBothDatabases
    void anAudienceWithEmptySetsSeesOnlyWhatItNames(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording ownCall = save(recordings, call(UUID.randomUUID(), alice, T0));
        Recording salesVoicemail = save(recordings, voicemail(Optional.empty(), Optional.of(sales), T0.plusSeconds(1)));

        assertThat(recordings.list(query(Optional.empty(), Optional.of(new Audience(Set.of(), Set.of()))))).isEmpty();
        assertThat(recordings.list(query(Optional.empty(), Optional.of(new Audience(Set.of(alice), Set.of())))))
                .containsExactly(ownCall);
        assertThat(recordings.list(query(Optional.empty(), Optional.of(new Audience(Set.of(), Set.of(sales))))))
                .containsExactly(salesVoicemail);
    }

    @OnBothDatabases
    void sinceIsInclusiveAndUntilExclusive(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording before = save(recordings, call(UUID.randomUUID(), alice, T0.minusMillis(1)));
        Recording atSince = save(recordings, call(UUID.randomUUID(), alice, T0));
        Recording inside = save(recordings, call(UUID.randomUUID(), alice, T0.plusSeconds(30)));
        Recording atUntil = save(recordings, call(UUID.randomUUID(), alice, T0.plusSeconds(60)));

        Instant until = T0.plusSeconds(60);
        assertThat(recordings.list(new RecordingQuery(Optional.empty(), Optional.empty(), Optional.of(T0),
                Optional.of(until), false, 10))).containsExactly(inside, atSince);
        assertThat(recordings.list(new RecordingQuery(Optional.empty(), Optional.empty(), Optional.of(T0),
                Optional.empty(), false, 10))).containsExactly(atUntil, inside, atSince);
        assertThat(recordings.list(new RecordingQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(T0), false, 10))).containsExactly(before);
    }

    @OnBothDatabases
    void unheardOnlyLeavesOutWhatWasHeard(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording heard = save(recordings, voicemail(Optional.of(alice), Optional.empty(), T0));
        Recording unheard = save(recordings, voicemail(Optional.of(alice), Optional.empty(), T0.plusSeconds(1)));
        assertThat(recordings.markHeard(heard.id(), true)).isTrue();

        assertThat(recordings.list(new RecordingQuery(Optional.of(RecordingKind.VOICEMAIL),
                Optional.of(new Audience(Set.of(alice), Set.of())), Optional.empty(), Optional.empty(), true, 10)))
                .containsExactly(unheard);
    }

    @OnBothDatabases
    void markHeardSetsAndClearsTheFlagAndAnswersFalseForAnUnknownRecording(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording voicemail = save(recordings, voicemail(Optional.of(alice), Optional.empty(), T0));
        Recording other = save(recordings, voicemail(Optional.of(alice), Optional.empty(), T0.plusSeconds(1)));

        assertThat(recordings.markHeard(voicemail.id(), true)).isTrue();
        assertThat(recordings.find(voicemail.id()).orElseThrow().heard()).isTrue();
        assertThat(recordings.find(other.id()).orElseThrow().heard()).isFalse();

        assertThat(recordings.markHeard(voicemail.id(), false)).isTrue();
        assertThat(recordings.find(voicemail.id()).orElseThrow().heard()).isFalse();

        assertThat(recordings.markHeard(UUID.randomUUID(), true)).isFalse();
    }

    @OnBothDatabases
    void deleteRemovesOnlyThatRecording(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording gone = save(recordings, call(UUID.randomUUID(), alice, T0));
        Recording kept = save(recordings, call(UUID.randomUUID(), alice, T0.plusSeconds(1)));

        assertThat(recordings.delete(gone.id())).isTrue();

        assertThat(recordings.find(gone.id())).isEmpty();
        assertThat(recordings.list(RecordingQuery.all(10))).containsExactly(kept);
        assertThat(recordings.delete(gone.id())).isFalse();
    }

    @OnBothDatabases
    void withStatusIsOldestFirstAndStopsAtTheLimit(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording newest = save(recordings, call(UUID.randomUUID(), alice, T0.plusSeconds(2)).captured(Duration.ofSeconds(5)));
        Recording oldest = save(recordings, call(UUID.randomUUID(), bob, T0).captured(Duration.ofSeconds(5)));
        Recording middle = save(recordings, call(UUID.randomUUID(), alice, T0.plusSeconds(1)).captured(Duration.ofSeconds(5)));
        Recording recording = save(recordings, call(UUID.randomUUID(), alice, T0.minusSeconds(1)));

        assertThat(recordings.withStatus(RecordingStatus.RAW, 10)).containsExactly(oldest, middle, newest);
        assertThat(recordings.withStatus(RecordingStatus.RAW, 2)).containsExactly(oldest, middle);
        assertThat(recordings.withStatus(RecordingStatus.RECORDING, 10)).containsExactly(recording);
        assertThat(recordings.withStatus(RecordingStatus.FAILED, 10)).isEmpty();
    }

    @OnBothDatabases
    void startedBeforeIsOldestFirstExclusiveAndStopsAtTheLimit(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording oldest = save(recordings, call(UUID.randomUUID(), alice, T0.minus(Duration.ofDays(40))));
        Recording old = save(recordings, voicemail(Optional.of(bob), Optional.empty(), T0.minus(Duration.ofDays(31))));
        save(recordings, call(UUID.randomUUID(), alice, T0));
        save(recordings, call(UUID.randomUUID(), alice, T0.plusSeconds(1)));

        assertThat(recordings.startedBefore(T0, 10)).containsExactly(oldest, old);
        assertThat(recordings.startedBefore(T0, 1)).containsExactly(oldest);
        assertThat(recordings.startedBefore(T0.minus(Duration.ofDays(40)), 10)).isEmpty();
    }

    @OnBothDatabases
    void voicemailCountsAreTheReadyMessagesOfTheAgentsBoxAndTheirGroupsBoxes(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        save(recordings, ready(voicemail(Optional.of(alice), Optional.empty(), T0)));
        Recording heardOwn = save(recordings, ready(voicemail(Optional.of(alice), Optional.empty(), T0.plusSeconds(1))));
        save(recordings, ready(voicemail(Optional.empty(), Optional.of(sales), T0.plusSeconds(2))));
        Recording heardSales = save(recordings, ready(voicemail(Optional.empty(), Optional.of(sales), T0.plusSeconds(3))));
        recordings.markHeard(heardOwn.id(), true);
        recordings.markHeard(heardSales.id(), true);
        // none of these counts for alice in sales:
        save(recordings, voicemail(Optional.of(alice), Optional.empty(), T0.plusSeconds(4)));
        save(recordings, voicemail(Optional.of(alice), Optional.empty(), T0.plusSeconds(5)).captured(Duration.ofSeconds(3)));
        save(recordings, ready(voicemail(Optional.of(alice), Optional.empty(), T0.plusSeconds(6)))
                .failed("re-encode failed"));
        save(recordings, ready(call(UUID.randomUUID(), alice, T0.plusSeconds(7))));
        save(recordings, ready(voicemail(Optional.of(bob), Optional.empty(), T0.plusSeconds(8))));
        save(recordings, ready(voicemail(Optional.empty(), Optional.of(support), T0.plusSeconds(9))));

        assertThat(recordings.voicemailCounts(alice, List.of(sales))).isEqualTo(new VoicemailCounts(2, 2));
        assertThat(recordings.voicemailCounts(alice, List.of())).isEqualTo(new VoicemailCounts(1, 1));
        assertThat(recordings.voicemailCounts(alice, List.of(sales, support))).isEqualTo(new VoicemailCounts(3, 2));
        assertThat(recordings.voicemailCounts(UUID.randomUUID(), List.of())).isEqualTo(new VoicemailCounts(0, 0));
    }

    @OnBothDatabases
    void longAddressesAndErrorsAreCutButATooLongPathIsRefused(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());
        Recording longParties = Recording.started(UUID.randomUUID(), UUID.randomUUID(), RecordingKind.CALL,
                Optional.of(alice), Optional.empty(), "sip:" + "a".repeat(300) + "@example.com", "b".repeat(256), T0,
                "/raw/c.wav").captured(Duration.ofSeconds(1)).failed("x".repeat(1500));

        recordings.save(longParties);

        Recording stored = recordings.find(longParties.id()).orElseThrow();
        assertThat(stored.from()).hasSize(255).isEqualTo(longParties.from().substring(0, 255));
        assertThat(stored.to()).isEqualTo("b".repeat(255));
        assertThat(stored.error()).contains("x".repeat(1000));

        Recording longPath = call(UUID.randomUUID(), alice, T0);
        Recording tooLong = new Recording(longPath.id(), longPath.callId(), longPath.kind(), longPath.status(),
                longPath.agentId(), longPath.groupId(), "", "", T0, Optional.empty(), "/" + "p".repeat(1024),
                Optional.empty(), Optional.empty(), 0, false, Optional.empty());
        assertThatThrownBy(() -> recordings.save(tooLong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rawPath");
        assertThat(recordings.find(tooLong.id())).isEmpty();
    }

    @OnBothDatabases
    void aLimitBelowOneIsRefused(TestDatabase db) {
        JdbcRecordingRepository recordings = new JdbcRecordingRepository(db.dataSource());

        assertThatThrownBy(() -> recordings.withStatus(RecordingStatus.RAW, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> recordings.startedBefore(T0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }

    private static Recording save(JdbcRecordingRepository recordings, Recording recording) {
        recordings.save(recording);
        return recording;
    }

    private static RecordingQuery query(Optional<RecordingKind> kind, Optional<Audience> audience) {
        return new RecordingQuery(kind, audience, Optional.empty(), Optional.empty(), false, 100);
    }

    private static Recording call(UUID callId, UUID agentId, Instant startedAt) {
        UUID id = UUID.randomUUID();
        return Recording.started(id, callId, RecordingKind.CALL, Optional.of(agentId), Optional.empty(),
                "+15551230001", "+15550100", startedAt, "/data/recordings/raw/" + id + ".wav");
    }

    private static Recording voicemail(Optional<UUID> agentId, Optional<UUID> groupId, Instant startedAt) {
        UUID id = UUID.randomUUID();
        return Recording.started(id, UUID.randomUUID(), RecordingKind.VOICEMAIL, agentId, groupId, "+15551230001",
                "+15550100", startedAt, "/data/recordings/raw/" + id + ".wav");
    }

    private static Recording withGroup(Recording r, UUID groupId) {
        return new Recording(r.id(), r.callId(), r.kind(), r.status(), r.agentId(), Optional.of(groupId), r.from(),
                r.to(), r.startedAt(), r.duration(), r.rawPath(), r.playablePath(), r.checksum(), r.sizeBytes(),
                r.heard(), r.error());
    }

    private static Recording ready(Recording r) {
        return r.captured(Duration.ofSeconds(10)).ready(r.rawPath().replace(".wav", ".mp3"), "sha256:00", 80_000,
                Duration.ofSeconds(10));
    }
}
