package org.switchboard.sip.internal;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Response;

/**
 * Client side of digest authentication, for our REGISTER towards a carrier: answers the first challenge
 * (in the carrier's order of preference) whose algorithm we speak, with qop=auth when offered.
 */
final class DigestClient {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A challenge we chose to answer, and the header answering it. */
    record Answer(WWWAuthenticateHeader challenge, AuthorizationHeader authorization) {}

    private DigestClient() {}

    static Optional<Answer> answer(Response challenge, String method, URI requestUri, String username,
            String password, Optional<String> realm, HeaderFactory headers) throws ParseException {
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        String name = proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME;
        for (Iterator<?> it = challenge.getHeaders(name); it.hasNext();) {
            WWWAuthenticateHeader offer = (WWWAuthenticateHeader) it.next();
            Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(offer.getAlgorithm());
            if (!"Digest".equalsIgnoreCase(offer.getScheme()) || algorithm.isEmpty() || offer.getNonce() == null
                    || (realm.isPresent() && !realm.get().equals(offer.getRealm()))) {
                continue;
            }
            return Optional.of(new Answer(offer, authorization(offer, algorithm.get(), proxy, method, requestUri,
                    username, password, headers)));
        }
        return Optional.empty();
    }

    private static AuthorizationHeader authorization(WWWAuthenticateHeader offer, DigestAlgorithm algorithm,
            boolean proxy, String method, URI requestUri, String username, String password, HeaderFactory headers)
            throws ParseException {
        String uri = requestUri.toString();
        String ha1 = Digest.ha1(algorithm, username, offer.getRealm(), password);
        AuthorizationHeader header = proxy ? headers.createProxyAuthorizationHeader("Digest")
                : headers.createAuthorizationHeader("Digest");
        header.setUsername(username);
        header.setRealm(offer.getRealm());
        header.setNonce(offer.getNonce());
        header.setURI(requestUri);
        header.setAlgorithm(algorithm.token());
        if (offer.getOpaque() != null) {
            header.setOpaque(offer.getOpaque());
        }
        boolean qopAuth = offer.getQop() != null && offer.getQop().toLowerCase(java.util.Locale.ROOT).matches(
                "(.*[ ,])?auth([ ,].*)?");
        if (qopAuth) {
            byte[] bytes = new byte[12];
            RANDOM.nextBytes(bytes);
            String cnonce = HexFormat.of().formatHex(bytes);
            String nc = "00000001"; // every nonce is used once: a new REGISTER gets a new challenge
            header.setQop("auth");
            header.setCNonce(cnonce);
            header.setNonceCount(1);
            header.setResponse(Digest.response(algorithm, ha1, offer.getNonce(), nc, cnonce, "auth", method, uri));
        } else {
            // RFC 2069 compatibility, for carriers that offer no qop
            header.setResponse(algorithm.hex(ha1 + ":" + offer.getNonce() + ":" + algorithm.hex(method + ":" + uri)));
        }
        return header;
    }
}
