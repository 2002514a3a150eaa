package org.switchboard.sip.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The digest computations of RFC 2617 §3.2.2 / RFC 7616 §3.4.1 with qop=auth, shared by server and client side. */
final class Digest {
    private Digest() {}

    static String ha1(DigestAlgorithm algorithm, String username, String realm, String password) {
        return algorithm.hex(username + ":" + realm + ":" + password);
    }

    /** {@code H(HA1:nonce:nc:cnonce:qop:H(method:uri))}, the strings exactly as they appear in the header. */
    static String response(DigestAlgorithm algorithm, String ha1, String nonce, String nc, String cnonce, String qop,
            String method, String uri) {
        String ha2 = algorithm.hex(method + ":" + uri);
        return algorithm.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /** Comparison whose time does not depend on where the strings differ. */
    static boolean sameHex(String expected, String actual) {
        if (actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
