package org.switchboard.rest.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.switchboard.api.recording.RecordingRepository;
import org.switchboard.api.recording.RecordingService;
import org.switchboard.api.recording.RecordingStorage;

/**
 * Stands in for the recording bundle: HMAC-signed links that expire on the test's clock, deletes that
 * remove the file and the metadata, and greetings that must at least be RIFF/WAVE files.
 */
final class SigningRecordingService implements RecordingService {
    private final byte[] key = "test-only-key".getBytes(StandardCharsets.UTF_8);
    private final RecordingRepository repository;
    private final String baseUrl;
    private final Supplier<Instant> now;

    SigningRecordingService(RecordingRepository repository, String baseUrl, Supplier<Instant> now) {
        this.repository = repository;
        this.baseUrl = baseUrl;
        this.now = now;
    }

    @Override
    public URI link(UUID recordingId) {
        return link(recordingId, Duration.ofDays(3650));
    }

    @Override
    public URI link(UUID recordingId, Duration validFor) {
        long expires = now.get().plus(validFor).getEpochSecond();
        return URI.create(baseUrl + "/recordings/" + recordingId + "/audio?expires=" + expires + "&sig="
                + sign(recordingId, expires));
    }

    @Override
    public boolean verify(UUID recordingId, long expires, String signature) {
        return expires > now.get().getEpochSecond() && MessageDigest.isEqual(
                sign(recordingId, expires).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(UUID recordingId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((recordingId + ":" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean delete(UUID recordingId) {
        return repository.find(recordingId).map(r -> {
            r.playablePath().ifPresent(p -> deleteFile(Path.of(p)));
            return repository.delete(recordingId);
        }).orElse(false);
    }

    @Override
    public void saveGreeting(UUID agentId, byte[] wav) {
        if (wav.length < 44 || !new String(wav, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                || !new String(wav, 8, 4, StandardCharsets.US_ASCII).equals("WAVE")) {
            throw new IllegalArgumentException("not a WAV file");
        }
        try {
            Files.createDirectories(RecordingStorage.greeting(agentId).getParent());
            Files.write(RecordingStorage.greeting(agentId), wav);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean removeGreeting(UUID agentId) {
        return deleteFile(RecordingStorage.greeting(agentId));
    }

    @Override
    public boolean process(UUID recordingId) {
        throw new UnsupportedOperationException("not used by REST");
    }

    private static boolean deleteFile(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
