package org.switchboard.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.recording.internal.audio.Channels;

class GreetingTest {
    @TempDir
    Path dir;

    private final UUID agentId = UUID.randomUUID();
    private final InMemoryRecordings recordings = new InMemoryRecordings();
    private final InMemoryCallLogs callLogs = new InMemoryCallLogs();
    private final Recordings bundle = new Recordings(recordings, callLogs, new CollectedEvents(),
            new Settings(Channels.MONO, Duration.ofSeconds(1), true, "http://localhost:8181", 90, 0), new byte[32],
            id -> dir.resolve("greetings").resolve(id + ".wav"), new MutableClock(Instant.parse("2026-12-05T10:00:00Z")));

    private Path greeting() {
        return dir.resolve("greetings").resolve(agentId + ".wav");
    }

    @Test
    void cdQualityStereoGreetingIsStoredAs8kHzMono() throws Exception {
        bundle.saveGreeting(agentId, TestAudio.toneWav(44100, 3, -1, 1000, 1000));

        AudioFileFormat stored = AudioSystem.getAudioFileFormat(greeting().toFile());
        assertThat(stored.getType()).isEqualTo(AudioFileFormat.Type.WAVE);
        AudioFormat format = stored.getFormat();
        assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
        assertThat(format.getSampleRate()).isEqualTo(8000f);
        assertThat(format.getChannels()).isEqualTo(1);
        assertThat(format.getSampleSizeInBits()).isEqualTo(16);
        assertThat(format.isBigEndian()).isFalse();
        TestAudio.Decoded audio = TestAudio.readWav(greeting());
        assertThat(audio.seconds()).isCloseTo(3.0, org.assertj.core.api.Assertions.within(0.05));
        short[] mono = audio.channels()[0];
        assertThat(TestAudio.power(mono, 8000, 1000)).isGreaterThan(0.01).isGreaterThan(100 * TestAudio.power(mono, 8000, 600));
        assertThat(Files.list(greeting().getParent())).hasSize(1);
    }

    @Test
    void toneAboveTheTelephoneBandDoesNotFoldBackIntoIt() throws Exception {
        // 6 kHz at 44.1 kHz would alias to 2 kHz if resampled without a low-pass filter
        bundle.saveGreeting(agentId, TestAudio.toneWav(44100, 2, -1, 6000));

        short[] mono = TestAudio.readWav(greeting()).channels()[0];
        assertThat(TestAudio.power(mono, 8000, 2000)).isLessThan(0.001);
    }

    @Test
    void eightBitGreetingIsAccepted() throws Exception {
        byte[] pcm = new byte[16000 * 2];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) (128 + Math.round(100 * Math.sin(2 * Math.PI * 1000 * i / 16000.0)));
        }
        java.io.ByteArrayOutputStream wav = new java.io.ByteArrayOutputStream();
        AudioSystem.write(new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(pcm),
                new AudioFormat(16000, 8, 1, false, false), pcm.length), AudioFileFormat.Type.WAVE, wav);

        bundle.saveGreeting(agentId, wav.toByteArray());

        TestAudio.Decoded audio = TestAudio.readWav(greeting());
        assertThat(audio.seconds()).isCloseTo(2.0, org.assertj.core.api.Assertions.within(0.05));
        assertThat(TestAudio.power(audio.channels()[0], 8000, 1000)).isGreaterThan(0.01);
    }

    @Test
    void somethingThatIsNotAPcmWavIsRefusedWithAReason() throws Exception {
        byte[] random = new byte[20000];
        new Random(7).nextBytes(random);
        Path raw = TestAudio.writeTone(dir.resolve("call.wav"), 2, 1000, 0);
        Recording recording = Recording.started(UUID.randomUUID(), UUID.randomUUID(), RecordingKind.CALL, Optional.empty(),
                Optional.empty(), "a", "b", Instant.parse("2026-12-05T09:59:00Z"), raw.toString()).captured(Duration.ofSeconds(2));
        recordings.save(recording);
        callLogs.storeLogOf(recording.callId(), Instant.parse("2026-12-05T10:00:00Z"));
        bundle.postProcessNow();
        byte[] mp3 = Files.readAllBytes(dir.resolve("call.mp3"));

        assertRefused(random, "WAV");
        assertRefused("RIFF but then just some text, not audio".getBytes(StandardCharsets.US_ASCII), "WAV");
        assertRefused("hello, this is my greeting".getBytes(StandardCharsets.UTF_8), "WAV");
        assertRefused(mp3, "WAV");
        assertRefused(new byte[0], "WAV");
        assertRefused(null, "WAV");
        assertRefused(TestAudio.toneWav(8000, 0, -1, 1000), "no audio");
        assertRefused(TestAudio.toneWav(8000, 61, -1, 1000), "at most 60 s");
        assertThat(greeting()).doesNotExist();
    }

    @Test
    void greetingCanBeReplacedAndRemoved() {
        bundle.saveGreeting(agentId, TestAudio.toneWav(8000, 1, -1, 1000));
        bundle.saveGreeting(agentId, TestAudio.toneWav(8000, 2, -1, 600));
        assertThat(greeting()).exists();

        assertThat(bundle.removeGreeting(agentId)).isTrue();
        assertThat(greeting()).doesNotExist();
        assertThat(bundle.removeGreeting(agentId)).isFalse();
    }

    private void assertRefused(byte[] bytes, String reason) {
        assertThatThrownBy(() -> bundle.saveGreeting(agentId, bytes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }
}
