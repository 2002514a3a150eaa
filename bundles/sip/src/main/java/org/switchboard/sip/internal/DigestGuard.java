package org.switchboard.sip.internal;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.registration.SipCredentials;

/**
 * Asks for and checks digest credentials on a request: answers 401/407 (or 403 once the address is
 * blocked) itself and returns the agent only when the request is authenticated.
 */
final class DigestGuard {
    private static final Logger LOG = LoggerFactory.getLogger(DigestGuard.class);

    private final DigestAuthenticator authenticator;
    private final AuthFailures failures;
    private final Duration block;
    private final LogThrottle failureLog;
    private final Optional<Pattern> md5OnlyUserAgents;

    DigestGuard(DigestAuthenticator authenticator, AuthFailures failures, Duration block,
            Optional<Pattern> md5OnlyUserAgents, Clock clock) {
        this.authenticator = authenticator;
        this.failures = failures;
        this.block = block;
        this.md5OnlyUserAgents = md5OnlyUserAgents;
        this.failureLog = new LogThrottle(20, Duration.ofMinutes(1), clock);
    }

    /**
     * @param expectedUser the user the request acts for: To user of a REGISTER, From user of an INVITE
     * @return the agent, or empty when the request has been answered
     */
    Optional<SipCredentials> authenticate(IncomingRequest request, DigestHeaders.Kind kind, String realm,
            String expectedUser) {
        Optional<DigestAnswer> answer = DigestHeaders.answer(request.request(), kind, realm);
        AuthResult result = authenticator.verify(answer, request.method(), expectedUser);
        if (result instanceof AuthResult.Authenticated authenticated) {
            return Optional.of(authenticated.credentials());
        }
        if (result instanceof AuthResult.Challenged challenged) {
            challenge(request, kind, challenged.stale());
            return Optional.empty();
        }
        String reason = ((AuthResult.Rejected) result).reason();
        Optional<Instant> blockedUntil = failures.recordFailure(request.source().getAddress());
        if (blockedUntil.isPresent()) {
            LOG.warn("sip: blocking {} for {} s after too many failed authentications (last: {} {}: {})",
                    request.source().getAddress().getHostAddress(), block.toSeconds(), request.method(),
                    expectedUser, reason);
            request.respond(Response.FORBIDDEN);
            return Optional.empty();
        }
        long suppressed = failureLog.admit();
        if (suppressed >= 0) {
            LOG.info("sip: authentication failed for {} {} from {}: {}{}", request.method(), expectedUser,
                    request.sourceText(), reason, suppressed > 0 ? " (" + suppressed + " more not logged)" : "");
        }
        challenge(request, kind, false);
        return Optional.empty();
    }

    /** Phones that choke on SHA-256 get only the MD5 challenge, when MD5 is offered at all. */
    private List<Challenge> offeredTo(IncomingRequest request, List<Challenge> challenges) {
        UserAgentHeader userAgent = (UserAgentHeader) request.request().getHeader(UserAgentHeader.NAME);
        if (userAgent == null || md5OnlyUserAgents.isEmpty()) {
            return challenges;
        }
        StringBuilder product = new StringBuilder();
        userAgent.getProduct().forEachRemaining(token -> product.append(product.length() == 0 ? "" : " ").append(token));
        if (!md5OnlyUserAgents.get().matcher(product).matches()) {
            return challenges;
        }
        List<Challenge> md5 = challenges.stream().filter(c -> c.algorithm() == DigestAlgorithm.MD5).toList();
        return md5.isEmpty() ? challenges : md5;
    }

    private void challenge(IncomingRequest request, DigestHeaders.Kind kind, boolean stale) {
        Response response = request.response(kind == DigestHeaders.Kind.REGISTRAR ? Response.UNAUTHORIZED
                : Response.PROXY_AUTHENTICATION_REQUIRED);
        try {
            DigestHeaders.addChallenges(response, offeredTo(request, authenticator.challenges(stale)), kind,
                    request.endpoint().headers);
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build a digest challenge", e);
        }
        request.send(response);
    }
}
