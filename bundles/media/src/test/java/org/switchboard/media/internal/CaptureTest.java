package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.media.internal.RelayTest.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.switchboard.api.event.EventProperties;
import org.switchboard.api.event.Topics;
import org.switchboard.api.media.CaptureLayout;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;

class CaptureTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final MediaEngine engine = Engines.start(4);
    private final Phone phoneA = new Phone();
    private final Phone phoneB = new Phone();

    @AfterEach
    void tearDown() {
        phoneA.close();
        phoneB.close();
        engine.close();
    }

    @Test
    void captureIsAStereoWavOfBothDirectionsReadableBeforeAndAfterStop() throws Exception {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMA));
        engine.bridge(a.id(), b.id());
        Path file = dir.resolve("calls/a.wav");
        engine.startCapture(a.id(), file);

        AudioFileFormat empty = AudioSystem.getAudioFileFormat(file.toFile());
        assertFormat(empty.getFormat());

        Talker talkerA = new Talker(phoneA, a.local(), Codec.PCMU, 1000);
        Talker talkerB = new Talker(phoneB, b.local(), Codec.PCMA, 500);
        try {
            // still being written: the header is already valid and counts what is on disk
            Poll.until(() -> frames(file) >= 4000, WAIT, "half a second of capture on disk");
            AudioFileFormat live = AudioSystem.getAudioFileFormat(file.toFile());
            assertFormat(live.getFormat());
            assertThat(live.getFrameLength()).isPositive();
            assertThat(live.getByteLength()).isEqualTo(44 + 4 * live.getFrameLength());
            Poll.until(() -> frames(file) >= 8000, WAIT, "a second of capture on disk");
        } finally {
            talkerA.close();
            talkerB.close();
        }
        engine.stopCapture(a.id());

        short[][] channels = channels(file);
        short[] left = channels[0];
        short[] right = channels[1];
        assertThat(left.length).isGreaterThanOrEqualTo(8000);
        int from = left.length / 4;
        int length = left.length / 2;
        assertThat(Audio.amplitude(left, from, length, 1000)).as("left: what phone A sent").isGreaterThan(3000);
        assertThat(Audio.amplitude(left, from, length, 500)).isLessThan(500);
        assertThat(Audio.amplitude(right, from, length, 500)).as("right: what A was sent").isGreaterThan(3000);
        assertThat(Audio.amplitude(right, from, length, 1000)).isLessThan(500);
    }

    @Test
    void farEndRightLayoutPutsWhatTheFarEndSendsOnTheRight() throws Exception {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMA));
        engine.bridge(a.id(), b.id());
        Path file = dir.resolve("agent.wav");
        engine.startCapture(a.id(), file, CaptureLayout.FAR_END_RIGHT);
        try (Talker talkerA = new Talker(phoneA, a.local(), Codec.PCMU, 1000);
                Talker talkerB = new Talker(phoneB, b.local(), Codec.PCMA, 500)) {
            Poll.until(() -> frames(file) >= 8000, WAIT, "a second of capture on disk");
        }
        engine.stopCapture(a.id());

        short[][] channels = channels(file);
        int from = channels[0].length / 4;
        int length = channels[0].length / 2;
        assertThat(Audio.amplitude(channels[1], from, length, 1000)).as("right: what phone A sent").isGreaterThan(3000);
        assertThat(Audio.amplitude(channels[1], from, length, 500)).isLessThan(500);
        assertThat(Audio.amplitude(channels[0], from, length, 500)).as("left: what A was sent").isGreaterThan(3000);
        assertThat(Audio.amplitude(channels[0], from, length, 1000)).isLessThan(500);
    }

    @Test
    void pausedCaptureWritesSilenceOnBothChannelsAndKeepsTheTimeline() throws Exception {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMU));
        engine.bridge(a.id(), b.id());
        engine.pauseCapture(a.id(), true); // no capture yet: nothing happens
        Path file = dir.resolve("paused.wav");
        long paused;
        long resumed;
        long stopped;
        try (Talker talkerA = new Talker(phoneA, a.local(), Codec.PCMU, 1000);
                Talker talkerB = new Talker(phoneB, b.local(), Codec.PCMU, 500)) {
            Poll.until(() -> hears(phoneB), WAIT, "the call to flow");
            long started = System.nanoTime();
            engine.startCapture(a.id(), file);
            Poll.until(() -> System.nanoTime() - started > 800_000_000L, WAIT, "0.8 s of talk");
            engine.pauseCapture(a.id(), true);
            paused = (System.nanoTime() - started) / 125_000; // in samples
            Poll.until(() -> System.nanoTime() - started > 1_800_000_000L, WAIT, "1 s of paused talk");
            engine.pauseCapture(a.id(), false);
            resumed = (System.nanoTime() - started) / 125_000;
            Poll.until(() -> System.nanoTime() - started > 2_600_000_000L, WAIT, "0.8 s more talk");
            engine.stopCapture(a.id());
            stopped = (System.nanoTime() - started) / 125_000;
        }

        short[][] channels = channels(file);
        int frames = channels[0].length;
        assertThat((long) frames).as("the timeline goes on through the pause").isBetween(stopped - 2400, stopped + 800);
        int margin = 1600; // 200 ms: jitter and the writer's lag
        for (short[] channel : channels) {
            int silentFrom = (int) paused + margin;
            int silentLength = (int) (resumed - paused) - 2 * margin;
            assertThat(Audio.rms(channel, silentFrom, silentLength)).as("silence while paused").isZero();
        }
        int before = (int) paused - 2 * margin;
        assertThat(Audio.amplitude(channels[0], margin, before, 1000)).as("A before the pause").isGreaterThan(3000);
        assertThat(Audio.amplitude(channels[1], margin, before, 500)).as("B before the pause").isGreaterThan(3000);
        int after = (int) resumed + margin;
        int afterLength = frames - after - margin;
        assertThat(afterLength).isGreaterThan(1600);
        assertThat(Audio.amplitude(channels[0], after, afterLength, 1000)).as("A after resuming").isGreaterThan(3000);
        assertThat(Audio.amplitude(channels[1], after, afterLength, 500)).as("B after resuming").isGreaterThan(3000);
    }

    @Test
    void aCaptureWhoseDiskFillsUpStopsRaisesAStorageAlertAndTheCallGoesOn() throws Exception {
        long capacity = WavHeader.SIZE + 4 * 4000; // half a second
        MediaEngine small = new MediaEngine(Engines.settings(4), FullDisk.holding(capacity));
        try {
            Events events = new Events();
            small.setEventAdmin(events);
            MediaEndpoint a = small.allocate(UUID.randomUUID());
            MediaEndpoint b = small.allocate(UUID.randomUUID());
            small.setRemote(a.id(), remote(phoneA, Codec.PCMU));
            small.setRemote(b.id(), remote(phoneB, Codec.PCMU));
            small.bridge(a.id(), b.id());
            Path file = dir.resolve("full/a.wav");
            try (Talker talkerA = new Talker(phoneA, a.local(), Codec.PCMU, 1000)) {
                small.startCapture(a.id(), file);
                Event alert = events.next(WAIT);
                assertThat(alert.getTopic()).isEqualTo(Topics.RECORDING_STORAGE_ALERT);
                assertThat(alert.getProperty("endpointId")).isEqualTo(a.id().toString());
                assertThat(alert.getProperty(EventProperties.LEG_ID)).isEqualTo(a.legId().toString());
                assertThat(alert.getProperty("file")).isEqualTo(file.toString());
                assertThat((String) alert.getProperty("error")).contains("No space left on device");

                assertThat(hears(phoneB)).as("the call goes on").isTrue();
            }
            small.stopCapture(a.id());
            assertThat(events.next(Duration.ofMillis(300))).as("one alert per failure").isNull();

            // what fitted stays a playable WAV whose header counts it
            AudioFileFormat format = AudioSystem.getAudioFileFormat(file.toFile());
            assertFormat(format.getFormat());
            assertThat(format.getByteLength()).isEqualTo(44 + 4 * format.getFrameLength());
            assertThat(java.nio.file.Files.size(file)).isEqualTo(format.getByteLength()).isLessThanOrEqualTo(capacity);
        } finally {
            small.close();
        }
    }

    @Test
    void releasingAnEndpointWhoseCaptureCannotBeWrittenFreesThePortAndRaisesOneAlert() throws Exception {
        // only the header fits: the last write (at release) or a flush just before it fails
        MediaEngine small = new MediaEngine(Engines.settings(1), FullDisk.holding(WavHeader.SIZE));
        try {
            Events events = new Events();
            small.setEventAdmin(events);
            MediaEndpoint a = small.allocate(UUID.randomUUID());
            small.setRemote(a.id(), remote(phoneA, Codec.PCMU));
            Path file = dir.resolve("a.wav");
            try (Talker talkerA = new Talker(phoneA, a.local(), Codec.PCMU, 1000)) {
                Poll.until(() -> small.stats(a.id()).packetsIn() > 0, WAIT, "the phone to talk");
                small.startCapture(a.id(), file);
                Poll.until(() -> small.stats(a.id()).packetsIn() > 3, WAIT, "audio to be captured");
                small.release(a.id());
            }
            assertThat(events.next(WAIT).getProperty("file")).isEqualTo(file.toString());
            assertThat(events.next(Duration.ofMillis(300))).as("one alert").isNull();
            Poll.until(() -> small.check().detail().startsWith("0 endpoints, 1 free ports"), WAIT, "the port to be free again");
            assertThat(small.check().detail()).as("health tells the admin")
                    .matches("0 endpoints, 1 free ports, 1 captures failed \\(last \\d{4}-\\S+Z No space left on device\\)");
            assertThat(small.allocate(UUID.randomUUID()).local().getPort()).isEqualTo(a.local().getPort());
            AudioFileFormat format = AudioSystem.getAudioFileFormat(file.toFile());
            assertThat(format.getByteLength()).isEqualTo(44 + 4 * format.getFrameLength());
        } finally {
            small.close();
        }
    }

    private static boolean hears(Phone phone) {
        phone.drain();
        return phone.receive(5, WAIT).stream().anyMatch(p -> Audio.rms(Audio.decode(Codec.PCMU, p.payload())) > 1000);
    }

    /** Left and right samples of a finished capture. */
    static short[][] channels(Path file) throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            assertFormat(in.getFormat());
            byte[] bytes = in.readAllBytes();
            int frames = bytes.length / 4;
            assertThat(frames).as("the header counts every frame").isEqualTo((int) in.getFrameLength());
            short[] left = new short[frames];
            short[] right = new short[frames];
            ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < frames; i++) {
                left[i] = data.getShort();
                right[i] = data.getShort();
            }
            return new short[][] {left, right};
        }
    }

    /** EventAdmin's side of the alert: what media posted. */
    static final class Events implements EventAdmin {
        private final BlockingQueue<Event> posted = new LinkedBlockingQueue<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            posted.add(event);
        }

        Event next(Duration timeout) throws InterruptedException {
            return posted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static long frames(Path file) {
        try {
            return AudioSystem.getAudioFileFormat(file.toFile()).getFrameLength();
        } catch (IOException | UnsupportedAudioFileException e) {
            throw new AssertionError("capture not readable while written: " + e, e);
        }
    }

    private static void assertFormat(AudioFormat format) {
        assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
        assertThat(format.getSampleRate()).isEqualTo(8000f);
        assertThat(format.getSampleSizeInBits()).isEqualTo(16);
        assertThat(format.getChannels()).isEqualTo(2);
        assertThat(format.isBigEndian()).isFalse();
    }
}
