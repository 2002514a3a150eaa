package org.switchboard.sip.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads headers and digest parameters out of raw SIP text, the way a simple client would. */
final class SipText {
    private SipText() {}

    static List<String> headers(String message, String name) {
        List<String> values = new ArrayList<>();
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                values.add(line.substring(colon + 1).trim());
            }
        }
        return values;
    }

    static String param(String header, String name) {
        Matcher m = Pattern.compile("(?i)(?:^|[ ,])" + Pattern.quote(name) + "=(\"([^\"]*)\"|([^ ,]*))").matcher(header);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    /** An Authorization header answering {@code challenge} as a client would, with qop=auth. */
    static String authorization(String challenge, String method, String uri, String user, String password, String nc) {
        DigestAlgorithm algorithm = DigestAlgorithm.fromToken(param(challenge, "algorithm")).orElseThrow();
        String realm = param(challenge, "realm");
        String nonce = param(challenge, "nonce");
        String cnonce = "0a4f113b";
        String ha1 = Digest.ha1(algorithm, user, realm, password);
        String response = Digest.response(algorithm, ha1, nonce, nc, cnonce, "auth", method, uri);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=" + algorithm.token() + ", cnonce=\"" + cnonce
                + "\", opaque=\"" + param(challenge, "opaque") + "\", qop=auth, nc=" + nc;
    }
}
