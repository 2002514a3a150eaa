package org.switchboard.sip.internal;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Digest challenges and credentials as jain-sip headers: {@code WWW-Authenticate}/{@code Authorization}
 * for the registrar (401), {@code Proxy-Authenticate}/{@code Proxy-Authorization} for calls (407).
 */
final class DigestHeaders {
    enum Kind { REGISTRAR, PROXY }

    private DigestHeaders() {}

    /** Adds one challenge header per challenge, in order (most preferred algorithm first, RFC 8760 §2.4). */
    static void addChallenges(Response response, List<Challenge> challenges, Kind kind, HeaderFactory headers)
            throws ParseException {
        for (Challenge challenge : challenges) {
            // Proxy-Authenticate is a WWW-Authenticate with another name
            WWWAuthenticateHeader header = kind == Kind.REGISTRAR ? headers.createWWWAuthenticateHeader("Digest")
                    : headers.createProxyAuthenticateHeader("Digest");
            header.setRealm(challenge.realm());
            header.setNonce(challenge.nonce());
            header.setOpaque(challenge.opaque());
            header.setAlgorithm(challenge.algorithm().token());
            header.setQop("auth");
            if (challenge.stale()) {
                header.setStale(true);
            }
            response.addHeader(header);
        }
    }

    /** The client's Digest credentials for {@code realm}; a client may send one set per realm (§22.3). */
    static Optional<DigestAnswer> answer(Request request, Kind kind, String realm) {
        String name = kind == Kind.REGISTRAR ? AuthorizationHeader.NAME : ProxyAuthorizationHeader.NAME;
        List<AuthorizationHeader> candidates = new ArrayList<>();
        for (Iterator<?> it = request.getHeaders(name); it.hasNext();) {
            Object header = it.next();
            if (header instanceof AuthorizationHeader authorization
                    && "Digest".equalsIgnoreCase(authorization.getScheme())) {
                candidates.add(authorization);
            }
        }
        return candidates.stream().filter(h -> realm.equals(h.getRealm())).findFirst()
                .or(() -> candidates.stream().findFirst())
                .map(DigestHeaders::answer);
    }

    private static DigestAnswer answer(AuthorizationHeader h) {
        return new DigestAnswer(h.getParameter("username"), h.getParameter("realm"), h.getParameter("nonce"),
                h.getParameter("uri"), h.getParameter("response"), h.getParameter("algorithm"),
                h.getParameter("cnonce"), h.getParameter("nc"), h.getParameter("qop"), h.getParameter("opaque"));
    }
}
