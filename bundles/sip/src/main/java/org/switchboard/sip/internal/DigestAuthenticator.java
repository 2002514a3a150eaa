package org.switchboard.sip.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.switchboard.api.registration.SipCredentialRepository;
import org.switchboard.api.registration.SipCredentials;

/**
 * Server side of SIP digest authentication (RFC 3261 §22, RFC 2617, RFC 7616, RFC 8760): challenges
 * with one header per offered algorithm, all with the same stateless nonce, and verification against
 * the HA1 values of {@link SipCredentialRepository}.
 */
final class DigestAuthenticator {
    private static final Pattern NONCE_COUNT = Pattern.compile("[0-9a-fA-F]{8}");

    private final SipCredentialRepository credentials;
    private final Nonces nonces;
    private final NonceCounts counts;
    private final List<DigestAlgorithm> algorithms;
    private final String opaque;

    DigestAuthenticator(SipCredentialRepository credentials, Nonces nonces, NonceCounts counts,
            List<DigestAlgorithm> algorithms) {
        this(credentials, nonces, counts, algorithms, randomOpaque());
    }

    DigestAuthenticator(SipCredentialRepository credentials, Nonces nonces, NonceCounts counts,
            List<DigestAlgorithm> algorithms, String opaque) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one digest algorithm must be offered");
        }
        this.credentials = credentials;
        this.nonces = nonces;
        this.counts = counts;
        this.algorithms = List.copyOf(algorithms);
        this.opaque = opaque;
    }

    /** One challenge per offered algorithm, in order of preference, sharing one fresh nonce. */
    List<Challenge> challenges(boolean stale) {
        String nonce = nonces.create();
        String realm = credentials.realm();
        return algorithms.stream().map(algorithm -> new Challenge(realm, nonce, opaque, algorithm, stale)).toList();
    }

    /**
     * @param answer the client's Digest credentials for our realm, if it sent any
     * @param method the request method (part of the digest)
     * @param expectedUser the user the request speaks for (the To user of a REGISTER): a user may
     *     only authenticate as themself
     */
    AuthResult verify(Optional<DigestAnswer> answer, String method, String expectedUser) {
        if (answer.isEmpty()) {
            return new AuthResult.Challenged(false);
        }
        DigestAnswer a = answer.get();
        String realm = credentials.realm();
        if (!realm.equals(a.realm())) {
            return new AuthResult.Rejected("realm \"" + a.realm() + "\" is not ours");
        }
        if (isEmpty(a.username()) || isEmpty(a.nonce()) || isEmpty(a.uri()) || isEmpty(a.response())) {
            return new AuthResult.Rejected("incomplete credentials");
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(a.algorithm()).filter(algorithms::contains);
        if (algorithm.isEmpty()) {
            return new AuthResult.Rejected("algorithm " + a.algorithm() + " was not offered");
        }
        if (!"auth".equalsIgnoreCase(a.qop()) || isEmpty(a.cnonce()) || a.nc() == null
                || !NONCE_COUNT.matcher(a.nc()).matches()) {
            return new AuthResult.Rejected("qop=auth with nc and cnonce is required");
        }
        if (!a.username().equals(expectedUser)) {
            return new AuthResult.Rejected("user " + a.username() + " cannot authenticate for " + expectedUser);
        }
        Optional<SipCredentials> agent = credentials.find(a.username());
        if (agent.isEmpty()) {
            return new AuthResult.Rejected("unknown user " + a.username());
        }
        String ha1 = algorithm.get() == DigestAlgorithm.MD5 ? agent.get().ha1Md5() : agent.get().ha1Sha256();
        String expected = Digest.response(algorithm.get(), ha1, a.nonce(), a.nc(), a.cnonce(), a.qop(), method, a.uri());
        if (!Digest.sameHex(expected, a.response())) {
            return new AuthResult.Rejected("wrong password for " + a.username());
        }
        // the digest is right: an expired nonce, or one of a previous start, only needs a retry
        Nonces.Validity validity = opaque.equals(a.opaque()) || a.opaque() == null ? nonces.check(a.nonce())
                : Nonces.Validity.UNKNOWN;
        if (validity != Nonces.Validity.FRESH) {
            return new AuthResult.Challenged(true);
        }
        long nc = Long.parseLong(a.nc(), 16);
        var expires = nonces.issuedAt(a.nonce()).orElseThrow().plus(nonces.validity());
        if (!counts.advance(a.nonce(), nc, expires)) {
            return new AuthResult.Rejected("nonce count " + a.nc() + " replayed by " + a.username());
        }
        return new AuthResult.Authenticated(agent.get());
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static String randomOpaque() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
