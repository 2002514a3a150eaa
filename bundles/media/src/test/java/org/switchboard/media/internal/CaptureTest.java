package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.media.internal.RelayTest.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            assertFormat(in.getFormat());
            byte[] bytes = in.readAllBytes();
            int frames = bytes.length / 4;
            assertThat(frames).isEqualTo((int) in.getFrameLength()).isGreaterThanOrEqualTo(8000);
            short[] left = new short[frames];
            short[] right = new short[frames];
            ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < frames; i++) {
                left[i] = data.getShort();
                right[i] = data.getShort();
            }
            int from = frames / 4;
            int length = frames / 2;
            assertThat(Audio.amplitude(left, from, length, 1000)).as("left: what phone A sent").isGreaterThan(3000);
            assertThat(Audio.amplitude(left, from, length, 500)).isLessThan(500);
            assertThat(Audio.amplitude(right, from, length, 500)).as("right: what A was sent").isGreaterThan(3000);
            assertThat(Audio.amplitude(right, from, length, 1000)).isLessThan(500);
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
