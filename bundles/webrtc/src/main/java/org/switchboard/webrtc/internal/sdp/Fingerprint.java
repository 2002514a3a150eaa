package org.switchboard.webrtc.internal.sdp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** A certificate fingerprint as in {@code a=fingerprint:sha-256 AB:CD:…} (RFC 8122). Only SHA-256. */
public record Fingerprint(String hashFunction, byte[] digest) {

    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    public static Fingerprint parse(String attributeValue) throws BadSdpException {
        String[] parts = attributeValue.strip().split("\\s+");
        if (parts.length != 2) {
            throw new BadSdpException("no-fingerprint", "malformed a=fingerprint");
        }
        String hash = parts[0].toLowerCase(Locale.ROOT);
        if (!hash.equals("sha-256")) {
            throw new BadSdpException("no-fingerprint", "unsupported fingerprint hash " + hash);
        }
        try {
            byte[] digest = HEX.parseHex(parts[1].toUpperCase(Locale.ROOT));
            if (digest.length != 32) {
                throw new BadSdpException("no-fingerprint", "a sha-256 fingerprint has 32 bytes");
            }
            return new Fingerprint(hash, digest);
        } catch (IllegalArgumentException e) {
            throw new BadSdpException("no-fingerprint", "malformed fingerprint hex");
        }
    }

    /** The SHA-256 fingerprint of a DER-encoded certificate. */
    public static Fingerprint sha256Of(byte[] derCertificate) {
        try {
            return new Fingerprint("sha-256", MessageDigest.getInstance("SHA-256").digest(derCertificate));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    public boolean matches(Fingerprint other) {
        return hashFunction.equals(other.hashFunction) && MessageDigest.isEqual(digest, other.digest);
    }

    /** The attribute value, e.g. {@code sha-256 AB:CD:…}. */
    public String attributeValue() {
        return hashFunction + " " + HEX.formatHex(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && matches(f);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return attributeValue();
    }
}
