package org.switchboard.recording.internal.link;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed recording links that need no session:
 * {@code <publicUrl>/api/v1/recordings/<id>/audio?expires=<epoch seconds>&sig=<base64url HMAC-SHA256 of "<id>:<expires>">},
 * {@code expires=0} meaning never. The signature binds the id and the expiry, so changing
 * either breaks it.
 */
public final class LinkSigner {
    public static final String PATH = "/api/v1/recordings/%s/audio";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 32;

    private final SecretKeySpec key;
    private final Clock clock;

    public LinkSigner(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.clock = clock;
    }

    /** @param expires epoch seconds, 0 for a link that never expires */
    public URI link(String publicUrl, UUID recordingId, long expires) {
        if (expires < 0) {
            throw new IllegalArgumentException("expires must be 0 (never) or epoch seconds");
        }
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return URI.create(base + String.format(PATH, recordingId) + "?expires=" + expires + "&sig=" + sign(recordingId, expires));
    }

    String sign(UUID recordingId, long expires) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(recordingId, expires));
    }

    /** False for a wrong or malformed signature, a negative expiry, or an expired link; compares in constant time. */
    public boolean verify(UUID recordingId, long expires, String signature) {
        if (recordingId == null || signature == null || expires < 0) {
            return false;
        }
        if (expires != 0 && clock.instant().getEpochSecond() >= expires) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return given.length == SIGNATURE_BYTES && MessageDigest.isEqual(given, mac(recordingId, expires));
    }

    private byte[] mac(UUID recordingId, long expires) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((recordingId + ":" + expires).getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
