package org.switchboard.recording.internal.audio;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Turns a raw capture into an MP3 next to it. The MP3 appears only complete (written to a
 * temporary file, then moved in place), so a player or a crash never sees half a file; the
 * checksum is taken from the bytes as they are written.
 */
public final class CaptureEncoder {

    /**
     * @param stereo keep a stereo capture's two channels; otherwise mix them (clipped) into one
     * @throws MalformedAudioException when the raw file is not a capture this bundle can read
     * @throws IOException when the raw file cannot be read or the MP3 cannot be written
     */
    public EncodedAudio encode(Path raw, Path target, boolean stereo) throws IOException {
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
        try (RawCapture capture = RawCapture.open(raw)) {
            MessageDigest sha256 = sha256();
            boolean keepChannels = stereo && capture.channels() == 2;
            int outChannels = keepChannels ? 2 : 1;
            long frames;
            try (OutputStream file = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)), sha256);
                    Mp3Stream mp3 = new Mp3Stream(capture.sampleRate(), outChannels, file)) {
                frames = copy(capture, mp3, keepChannels);
                mp3.finish();
            }
            FileMoves.replace(temporary, target);
            return new EncodedAudio(target, Duration.ofMillis(frames * 1000 / capture.sampleRate()),
                    "sha256:" + HexFormat.of().formatHex(sha256.digest()), Files.size(target));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static long copy(RawCapture capture, Mp3Stream mp3, boolean keepChannels) throws IOException {
        int chunk = mp3.maxFrames();
        short[] in = new short[chunk * capture.channels()];
        short[] mono = new short[chunk];
        long total = 0;
        int frames;
        while ((frames = capture.read(in, chunk)) > 0) {
            if (keepChannels || capture.channels() == 1) {
                mp3.write(in, frames);
            } else {
                for (int i = 0; i < frames; i++) {
                    mono[i] = clip(in[2 * i] + in[2 * i + 1]);
                }
                mp3.write(mono, frames);
            }
            total += frames;
            if (Thread.currentThread().isInterrupted()) {
                throw new java.io.InterruptedIOException("encoding interrupted (the bundle is stopping)");
            }
        }
        return total;
    }

    static short clip(int sample) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
