package org.switchboard.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingStatus;
import org.switchboard.recording.internal.audio.Channels;

class PostProcessingTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    @TempDir
    Path dir;

    private final InMemoryRecordings recordings = new InMemoryRecordings();
    private final InMemoryCallLogs callLogs = new InMemoryCallLogs();
    private final CollectedEvents events = new CollectedEvents();
    private final MutableClock clock = new MutableClock(NOW);
    private final UUID agentId = UUID.randomUUID();

    private Recordings bundle(Channels channels, boolean keepRaw) {
        Settings settings = new Settings(channels, Duration.ofSeconds(1), keepRaw, "https://pbx.example.com/", 90, 0);
        return new Recordings(recordings, callLogs, events, settings, new byte[32], id -> dir.resolve(id + ".greeting.wav"), clock);
    }

    /** A finished capture, as core leaves it: RAW with its length, ended just now, call log stored. */
    private Recording captured(RecordingKind kind, Path raw, Duration length, boolean logStored) {
        UUID callId = UUID.randomUUID();
        Recording recording = Recording.started(UUID.randomUUID(), callId, kind, Optional.of(agentId), Optional.empty(),
                "+15551230001", "+15550100", NOW.minus(length), raw.toString()).captured(length);
        recordings.save(recording);
        if (logStored) {
            callLogs.storeLogOf(callId, NOW);
        }
        return recording;
    }

    private Path raw(String name) {
        return dir.resolve("2026-12-05").resolve(name + ".wav");
    }

    @Test
    void callRecordingBecomesPlayableMonoMp3WithTheTonesFrequencyAndLength() throws Exception {
        Path raw = TestAudio.writeTone(raw("tone"), 10, 1000, 0);
        Recording recording = captured(RecordingKind.CALL, raw, Duration.ofSeconds(10), true);

        assertThat(bundle(Channels.MONO, true).postProcessNow()).isEqualTo(1);

        Recording ready = recordings.find(recording.id()).orElseThrow();
        assertThat(ready.status()).isEqualTo(RecordingStatus.READY);
        Path mp3 = dir.resolve("2026-12-05").resolve("tone.mp3");
        assertThat(ready.playablePath()).contains(mp3.toString());
        assertThat(ready.sizeBytes()).isEqualTo(Files.size(mp3));
        assertThat(ready.duration()).contains(Duration.ofSeconds(10));
        TestAudio.Decoded decoded = TestAudio.decodeMp3(mp3);
        assertThat(decoded.sampleRate()).isEqualTo(8000f);
        assertThat(decoded.channels().length).isEqualTo(1);
        assertThat(decoded.seconds()).isCloseTo(10.0, within(0.5));
        short[] mono = decoded.channels()[0];
        assertThat(TestAudio.power(mono, 8000, 1000)).isGreaterThan(0.01)
                .isGreaterThan(100 * TestAudio.power(mono, 8000, 600));
        assertThat(raw).exists();
        assertThat(Files.list(mp3.getParent()).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("tone.wav", "tone.mp3");
    }

    @Test
    void checksumIsTheSha256OfThePlayableFile() throws Exception {
        Path raw = TestAudio.writeTone(raw("sum"), 2, 1000, 600);
        Recording recording = captured(RecordingKind.CALL, raw, Duration.ofSeconds(2), true);

        bundle(Channels.MONO, true).postProcessNow();

        Recording ready = recordings.find(recording.id()).orElseThrow();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(ready.playablePath().orElseThrow())));
        assertThat(ready.checksum()).contains("sha256:" + HexFormat.of().formatHex(digest));
    }

    @Test
    void monoMixHoldsBothParties() throws Exception {
        Path raw = TestAudio.writeTone(raw("mix"), 6, 1000, 600);
        Recording recording = captured(RecordingKind.CALL, raw, Duration.ofSeconds(6), true);

        bundle(Channels.MONO, true).postProcessNow();

        TestAudio.Decoded decoded = TestAudio.decodeMp3(Path.of(recordings.find(recording.id()).orElseThrow().playablePath().orElseThrow()));
        assertThat(decoded.channels().length).isEqualTo(1);
        short[] mono = decoded.channels()[0];
        assertThat(TestAudio.power(mono, 8000, 1000)).isGreaterThan(0.01);
        assertThat(TestAudio.power(mono, 8000, 600)).isGreaterThan(0.01);
        assertThat(TestAudio.power(mono, 8000, 1500)).isLessThan(TestAudio.power(mono, 8000, 600) / 100);
    }

    @Test
    void stereoKeepsTheCallerLeftAndTheAgentRight() throws Exception {
        Path raw = TestAudio.writeTone(raw("stereo"), 6, 1000, 600);
        Recording recording = captured(RecordingKind.CALL, raw, Duration.ofSeconds(6), true);

        bundle(Channels.STEREO, true).postProcessNow();

        TestAudio.Decoded decoded = TestAudio.decodeMp3(Path.of(recordings.find(recording.id()).orElseThrow().playablePath().orElseThrow()));
        assertThat(decoded.channels().length).isEqualTo(2);
        assertThat(decoded.seconds()).isCloseTo(6.0, within(0.3));
        short[] left = decoded.channels()[0];
        short[] right = decoded.channels()[1];
        assertThat(TestAudio.power(left, 8000, 1000)).isGreaterThan(100 * TestAudio.power(left, 8000, 600));
        assertThat(TestAudio.power(right, 8000, 600)).isGreaterThan(100 * TestAudio.power(right, 8000, 1000));
    }

    @Test
    void voicemailIsMonoEvenWhenCallsAreStereo() throws Exception {
        Path raw = TestAudio.writeTone(raw("vm"), 4, 1000, 0);
        Recording recording = captured(RecordingKind.VOICEMAIL, raw, Duration.ofSeconds(4), true);

        bundle(Channels.STEREO, true).postProcessNow();

        TestAudio.Decoded decoded = TestAudio.decodeMp3(Path.of(recordings.find(recording.id()).orElseThrow().playablePath().orElseThrow()));
        assertThat(decoded.channels().length).isEqualTo(1);
        assertThat(TestAudio.power(decoded.channels()[0], 8000, 1000)).isGreaterThan(0.01);
    }

    @Test
    void captureCutByACrashEncodesEverythingOnDiskWhateverTheHeaderSays() throws Exception {
        // media rewrites the sizes on each flush: after a kill -9 they say 0 and a frame may be half written
        byte[] wav = TestAudio.toneWav(8000, 7, 0, 1000, 0);
        byte[] torn = java.util.Arrays.copyOf(wav, wav.length + 3);
        Path raw = raw("crashed");
        Files.createDirectories(raw.getParent());
        Files.write(raw, torn);
        Recording recording = captured(RecordingKind.CALL, raw, Duration.ofSeconds(2), true);

        bundle(Channels.MONO, true).postProcessNow();

        Recording ready = recordings.find(recording.id()).orElseThrow();
        assertThat(ready.status()).isEqualTo(RecordingStatus.READY);
        assertThat(ready.duration()).contains(Duration.ofSeconds(7));
        TestAudio.Decoded decoded = TestAudio.decodeMp3(Path.of(ready.playablePath().orElseThrow()));
        assertThat(decoded.seconds()).isCloseTo(7.0, within(0.35));
        assertThat(TestAudio.power(decoded.channels()[0], 8000, 1000)).isGreaterThan(0.01);
    }

    @Test
    void playableRecordingIsLinkedOnTheCallLogAndAnnounced() throws Exception {
        Path raw = TestAudio.writeTone(raw("linked"), 3, 1000, 0);
        Recording recording = captured(RecordingKind.VOICEMAIL, raw, Duration.ofSeconds(3), true);

        Recordings bundle = bundle(Channels.MONO, true);
        bundle.postProcessNow();

        RecordingLink link = callLogs.find(recording.callId()).orElseThrow().recordings().get(0);
        assertThat(link.recordingId()).isEqualTo(recording.id());
        assertThat(link.kind()).isEqualTo(RecordingKind.VOICEMAIL);
        assertThat(link.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(link.url().toString()).startsWith("https://pbx.example.com/api/v1/recordings/" + recording.id() + "/audio?expires=");
        assertThat(link.url()).isEqualTo(bundle.link(recording.id()));
        assertThat(callLogs.find(recording.callId()).orElseThrow().notes()).isEqualTo("agent's notes");
        Event ready = events.on(Topics.RECORDING_READY).get(0);
        assertThat(ready.getProperty(EventProperties.RECORDING_ID)).isEqualTo(recording.id().toString());
        assertThat(ready.getProperty(EventProperties.CALL_ID)).isEqualTo(recording.callId().toString());
        assertThat(ready.getProperty(EventProperties.KIND)).isEqualTo("VOICEMAIL");
        assertThat(ready.getProperty(EventProperties.AGENT_ID)).isEqualTo(agentId.toString());
        assertThat(ready.getPropertyNames()).doesNotContain(EventProperties.GROUP_ID);
    }

    @Test
    void waitsForTheCallLogThenEncodes() throws Exception {
        Path raw = TestAudio.writeTone(raw("waiting"), 2, 1000, 0);
        Recording recording = captured(RecordingKind.CALL, raw, Duration.ofSeconds(2), false);
        Recordings bundle = bundle(Channels.MONO, true);

        assertThat(bundle.postProcessNow()).isZero();
        assertThat(recordings.find(recording.id()).orElseThrow().status()).isEqualTo(RecordingStatus.RAW);
        assertThat(events.events).isEmpty();

        callLogs.storeLogOf(recording.callId(), NOW);
        assertThat(bundle.postProcessNow()).isEqualTo(1);
        assertThat(recordings.find(recording.id()).orElseThrow().status()).isEqualTo(RecordingStatus.READY);
        assertThat(callLogs.find(recording.callId()).orElseThrow().recordings()).hasSize(1);
    }

    @Test
    void stopsWaitingForALogTenMinutesAfterTheCallEnded() throws Exception {
        Path raw = TestAudio.writeTone(raw("orphan"), 2, 1000, 0);
        Recording recording = captured(RecordingKind.CALL, raw, Duration.ofSeconds(2), false);
        Recordings bundle = bundle(Channels.MONO, true);

        clock.advance(Duration.ofMinutes(9));
        assertThat(bundle.postProcessNow()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(bundle.postProcessNow()).isEqualTo(1);

        assertThat(recordings.find(recording.id()).orElseThrow().status()).isEqualTo(RecordingStatus.READY);
        assertThat(events.on(Topics.RECORDING_READY)).hasSize(1);
    }

    @Test
    void captureThatIsNotAudioFailsWithAReasonAndIsKept() throws Exception {
        Path raw = raw("garbage");
        Files.createDirectories(raw.getParent());
        Files.writeString(raw, "this is not a WAV file at all, just text that media never wrote");
        Recording recording = captured(RecordingKind.CALL, raw, Duration.ofSeconds(2), true);

        assertThat(bundle(Channels.MONO, true).postProcessNow()).isEqualTo(1);

        Recording failed = recordings.find(recording.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(RecordingStatus.FAILED);
        assertThat(failed.error().orElseThrow()).contains("not a WAV file");
        assertThat(raw).exists();
        assertThat(raw.resolveSibling("garbage.mp3")).doesNotExist();
        assertThat(Files.list(raw.getParent())).hasSize(1);
        assertThat(callLogs.find(recording.callId()).orElseThrow().recordings()).isEmpty();
    }

    @Test
    void missingCaptureFails() {
        Recording recording = captured(RecordingKind.CALL, raw("gone"), Duration.ofSeconds(2), true);

        bundle(Channels.MONO, true).postProcessNow();

        assertThat(recordings.find(recording.id()).orElseThrow().error().orElseThrow()).contains("raw capture missing");
    }

    @Test
    void failedRecordingIsEncodedAgainOnRequest() throws Exception {
        Path raw = raw("retry");
        Recording recording = captured(RecordingKind.CALL, raw, Duration.ofSeconds(2), true);
        Recordings bundle = bundle(Channels.MONO, true);
        bundle.postProcessNow();
        assertThat(recordings.find(recording.id()).orElseThrow().status()).isEqualTo(RecordingStatus.FAILED);

        TestAudio.writeTone(raw, 2, 1000, 0);
        assertThat(bundle.process(recording.id())).isTrue();

        assertThat(recordings.find(recording.id()).orElseThrow().status()).isEqualTo(RecordingStatus.READY);
        assertThat(bundle.process(UUID.randomUUID())).isFalse();
    }

    @Test
    void rawCaptureIsDeletedAfterEncodingWhenNotKept() throws Exception {
        Path raw = TestAudio.writeTone(raw("dropped"), 2, 1000, 0);
        Recording recording = captured(RecordingKind.CALL, raw, Duration.ofSeconds(2), true);

        bundle(Channels.MONO, false).postProcessNow();

        assertThat(raw).doesNotExist();
        assertThat(Path.of(recordings.find(recording.id()).orElseThrow().playablePath().orElseThrow())).exists();
    }

    @Test
    void callsEndingTogetherShareTheEncodersStoreQueries() throws Exception {
        Settings slowPoll = new Settings(Channels.MONO, Duration.ofHours(1), true, "http://localhost:8181", 90, 0);
        PostProcessor processor = new PostProcessor(recordings, callLogs, id -> null, new RecordingEvents(events),
                () -> slowPoll, clock);
        PostProcessingWorker worker = new PostProcessingWorker(processor, slowPoll::poll);
        worker.start();
        try {
            awaitQueries(PostProcessingWorker.THREADS); // each thread's first drain, at start
            int before = recordings.statusQueries.get();

            long gather = PostProcessingWorker.GATHER.toMillis();
            long start = System.nanoTime();
            for (int call = 0; call < 50; call++) { // 50 calls end over ~2 windows (500 calls a second), none recorded
                worker.wake();
                Thread.sleep(2 * gather / 50);
            }
            long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
            long windows = (elapsed + gather - 1) / gather; // more on a slow machine
            awaitQueries(before + 1);
            Thread.sleep(3 * gather);

            // each thread drains about once per window it was woken in (and once more for the wakes
            // during its last window), not once per call
            assertThat(recordings.statusQueries.get() - before).isBetween(1, (int) (windows + 2) * PostProcessingWorker.THREADS);
        } finally {
            worker.stop();
        }
    }

    private void awaitQueries(int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (recordings.statusQueries.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(recordings.statusQueries.get()).isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void workerThreadEncodesWhenACallEnds() throws Exception {
        Path raw = TestAudio.writeTone(raw("woken"), 2, 1000, 0);
        Recordings bundle = bundle(Channels.MONO, true);
        Settings slowPoll = new Settings(Channels.MONO, Duration.ofHours(1), true, "http://localhost:8181", 90, 0);
        PostProcessor processor = new PostProcessor(recordings, callLogs, bundle::link, new RecordingEvents(events), () -> slowPoll, clock);
        PostProcessingWorker worker = new PostProcessingWorker(processor, slowPoll::poll);
        worker.start();
        try {
            Recording recording = captured(RecordingKind.CALL, raw, Duration.ofSeconds(2), true);
            worker.wake();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (recordings.find(recording.id()).orElseThrow().status() != RecordingStatus.READY && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(recordings.find(recording.id()).orElseThrow().status()).isEqualTo(RecordingStatus.READY);
        } finally {
            worker.stop();
        }
    }
}
