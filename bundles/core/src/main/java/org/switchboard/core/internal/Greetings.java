package org.switchboard.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.call.VoicemailBox;
import org.switchboard.api.media.AudioClip;
import org.switchboard.api.recording.RecordingStorage;

/**
 * What a caller hears before leaving a message: the box owner's own greeting (recorded in the
 * softphone, stored by the recording bundle as 8 kHz mono WAV) or the default spoken one, then a
 * beep. The default is a recording made once with espeak-ng ({@value #DEFAULT}, core's README says
 * how to regenerate it).
 */
final class Greetings {
    private static final Logger LOG = LoggerFactory.getLogger(Greetings.class);
    static final String DEFAULT = "voicemail-greeting.wav";
    private static final int BEEP_HZ = 1400;
    private static final int BEEP_MILLIS = 400;
    private static final int PAUSE_MILLIS = 250;

    private final AudioClip beep = beep();
    private volatile AudioClip fallback;

    /** The greeting for the box, the pause and the beep, as one clip. */
    AudioClip clipFor(VoicemailBox box) {
        AudioClip greeting = box.agentId().flatMap(Greetings::own).orElseGet(this::standard);
        return greeting.then(silence(PAUSE_MILLIS)).then(beep);
    }

    private static Optional<AudioClip> own(UUID agentId) {
        Path file = RecordingStorage.greeting(agentId);
        try {
            return Optional.of(new AudioClip(pcm(Files.readAllBytes(file))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("agent {}'s greeting {} is unreadable, the default is played: {}", agentId, file, e.toString());
            return Optional.empty();
        }
    }

    private AudioClip standard() {
        AudioClip loaded = fallback;
        if (loaded == null) {
            try (InputStream in = Greetings.class.getResourceAsStream(DEFAULT)) {
                if (in == null) {
                    throw new IllegalStateException("core bundle lacks " + DEFAULT);
                }
                loaded = new AudioClip(pcm(in.readAllBytes()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + DEFAULT + ": " + e, e);
            }
            fallback = loaded;
        }
        return loaded;
    }

    /** The samples of a canonical 8 kHz mono 16-bit PCM WAV: those of its {@code data} chunk. */
    static short[] pcm(byte[] wav) {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || in.getInt(0) != 0x46464952 || in.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException("not a WAV file");
        }
        int position = 12;
        while (position + 8 <= wav.length) {
            int id = in.getInt(position);
            int size = in.getInt(position + 4);
            if (id == 0x61746164) { // "data"
                int length = Math.min(size < 0 ? Integer.MAX_VALUE : size, wav.length - position - 8) / 2;
                short[] samples = new short[length];
                in.position(position + 8);
                in.asShortBuffer().get(samples);
                return samples;
            }
            position += 8 + size + (size & 1);
        }
        throw new IllegalArgumentException("WAV file without audio data");
    }

    private static AudioClip silence(int millis) {
        return new AudioClip(new short[AudioClip.SAMPLE_RATE * millis / 1000]);
    }

    private static AudioClip beep() {
        short[] samples = new short[AudioClip.SAMPLE_RATE * BEEP_MILLIS / 1000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (8000 * Math.sin(2 * Math.PI * BEEP_HZ * i / AudioClip.SAMPLE_RATE));
        }
        return new AudioClip(samples);
    }
}
