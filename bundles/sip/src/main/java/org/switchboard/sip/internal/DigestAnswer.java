package org.switchboard.sip.internal;

/**
 * The parameters of an {@code Authorization} / {@code Proxy-Authorization} Digest header, unquoted but
 * otherwise exactly as the client sent them (the response is computed over these strings). Absent
 * parameters are null.
 */
record DigestAnswer(String username, String realm, String nonce, String uri, String response, String algorithm,
        String cnonce, String nc, String qop, String opaque) {

    @Override
    public String toString() {
        return "DigestAnswer[" + username + "@" + realm + ", " + algorithm + "]";
    }
}
