package org.switchboard.store.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The digest HA1 values {@code hex(H(username:realm:password))} (RFC 2617 §3.2.2.2, RFC 7616 §3.4.2)
 * for MD5 and SHA-256, so SIP phones can authenticate without the password being stored.
 */
record SipHa1(String realm, String md5, String sha256) {

    static SipHa1 of(String username, String realm, char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] passwordBytes = new byte[encoded.remaining()];
        encoded.get(passwordBytes);
        try {
            return new SipHa1(realm, hex("MD5", username, realm, passwordBytes),
                    hex("SHA-256", username, realm, passwordBytes));
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }

    private static String hex(String algorithm, String username, String realm, byte[] password) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            digest.update((username + ":" + realm + ":").getBytes(StandardCharsets.UTF_8));
            digest.update(password);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "SipHa1[" + realm + "]";
    }
}
