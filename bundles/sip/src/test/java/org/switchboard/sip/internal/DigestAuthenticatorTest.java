package org.switchboard.sip.internal;

import org.switchboard.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private static final String URI = "sip:127.0.0.1:5060";
    private final MutableClock clock = new MutableClock(T0);
    private final Nonces nonces = new Nonces(new byte[32], Duration.ofSeconds(300), clock);
    private final DigestAuthenticator authenticator = new DigestAuthenticator(FakeCredentials.demo(), nonces,
            new NonceCounts(), List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), "opaque-1");

    /** What a client computes for a challenge. */
    private static DigestAnswer answer(Challenge challenge, String user, String password, String nc) {
        String ha1 = Digest.ha1(challenge.algorithm(), user, challenge.realm(), password);
        String response = Digest.response(challenge.algorithm(), ha1, challenge.nonce(), nc, "c0ffee", "auth",
                "REGISTER", URI);
        return new DigestAnswer(user, challenge.realm(), challenge.nonce(), URI, response,
                challenge.algorithm().token(), "c0ffee", nc, "auth", challenge.opaque());
    }

    private Challenge challenge(DigestAlgorithm algorithm) {
        return authenticator.challenges(false).stream().filter(c -> c.algorithm() == algorithm).findFirst()
                .orElseThrow();
    }

    @Test
    void challengesOfferSha256ThenMd5WithOneNonce() {
        List<Challenge> challenges = authenticator.challenges(false);

        assertThat(challenges).extracting(Challenge::algorithm)
                .containsExactly(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);
        assertThat(challenges).extracting(Challenge::nonce).containsOnly(challenges.get(0).nonce());
        assertThat(challenges).allSatisfy(c -> {
            assertThat(c.realm()).isEqualTo("switchboard.local");
            assertThat(c.opaque()).isEqualTo("opaque-1");
            assertThat(c.stale()).isFalse();
        });
    }

    @Test
    void requestWithoutCredentialsIsChallengedNotRejected() {
        assertThat(authenticator.verify(Optional.empty(), "REGISTER", "alice"))
                .isEqualTo(new AuthResult.Challenged(false));
    }

    @Test
    void rightPasswordAuthenticatesWithEitherAlgorithm() {
        AuthResult sha = authenticator.verify(Optional.of(answer(challenge(DigestAlgorithm.SHA_256), "alice",
                "alice-secret", "00000001")), "REGISTER", "alice");
        AuthResult md5 = authenticator.verify(Optional.of(answer(challenge(DigestAlgorithm.MD5), "alice",
                "alice-secret", "00000001")), "REGISTER", "alice");

        assertThat(sha).isInstanceOfSatisfying(AuthResult.Authenticated.class,
                a -> assertThat(a.credentials().agentId()).isEqualTo(FakeCredentials.ALICE));
        assertThat(md5).isInstanceOf(AuthResult.Authenticated.class);
    }

    @Test
    void wrongPasswordIsRejected() {
        AuthResult result = authenticator.verify(Optional.of(answer(challenge(DigestAlgorithm.MD5), "alice",
                "alice-guess", "00000001")), "REGISTER", "alice");

        assertThat(result).isInstanceOfSatisfying(AuthResult.Rejected.class,
                r -> assertThat(r.reason()).contains("wrong password").doesNotContain("alice-guess"));
    }

    @Test
    void expiredNonceWithTheRightDigestGetsAStaleChallenge() {
        DigestAnswer answer = answer(challenge(DigestAlgorithm.SHA_256), "alice", "alice-secret", "00000001");
        clock.advance(Duration.ofSeconds(301));

        assertThat(authenticator.verify(Optional.of(answer), "REGISTER", "alice"))
                .isEqualTo(new AuthResult.Challenged(true));
    }

    @Test
    void expiredNonceWithAWrongDigestIsStillAFailure() {
        DigestAnswer answer = answer(challenge(DigestAlgorithm.SHA_256), "alice", "alice-guess", "00000001");
        clock.advance(Duration.ofSeconds(301));

        assertThat(authenticator.verify(Optional.of(answer), "REGISTER", "alice"))
                .isInstanceOf(AuthResult.Rejected.class);
    }

    @Test
    void nonceFromBeforeARestartGetsAStaleChallenge() {
        byte[] previousKey = new byte[32];
        previousKey[31] = 7;
        DigestAuthenticator beforeRestart = new DigestAuthenticator(FakeCredentials.demo(),
                new Nonces(previousKey, Duration.ofSeconds(300), clock), new NonceCounts(), List.of(DigestAlgorithm.MD5),
                "opaque-0");
        Challenge old = beforeRestart.challenges(false).get(0);

        assertThat(authenticator.verify(Optional.of(answer(old, "alice", "alice-secret", "00000001")), "REGISTER",
                "alice")).isEqualTo(new AuthResult.Challenged(true));
    }

    @Test
    void replayedNonceCountIsRejectedAndAHigherOneAccepted() {
        Challenge challenge = challenge(DigestAlgorithm.MD5);
        DigestAnswer first = answer(challenge, "alice", "alice-secret", "00000001");

        assertThat(authenticator.verify(Optional.of(first), "REGISTER", "alice"))
                .isInstanceOf(AuthResult.Authenticated.class);
        assertThat(authenticator.verify(Optional.of(first), "REGISTER", "alice"))
                .isInstanceOfSatisfying(AuthResult.Rejected.class, r -> assertThat(r.reason()).contains("replayed"));
        assertThat(authenticator.verify(Optional.of(answer(challenge, "alice", "alice-secret", "00000002")),
                "REGISTER", "alice")).isInstanceOf(AuthResult.Authenticated.class);
        assertThat(authenticator.verify(Optional.of(answer(challenge, "alice", "alice-secret", "00000002")),
                "REGISTER", "alice")).isInstanceOf(AuthResult.Rejected.class);
    }

    @Test
    void aUserCannotAuthenticateForSomeoneElse() {
        DigestAnswer bobs = answer(challenge(DigestAlgorithm.MD5), "bob", "bob-secret", "00000001");

        assertThat(authenticator.verify(Optional.of(bobs), "REGISTER", "alice"))
                .isInstanceOfSatisfying(AuthResult.Rejected.class, r -> assertThat(r.reason()).contains("bob"));
    }

    @Test
    void unknownUserIsRejected() {
        DigestAnswer mallory = answer(challenge(DigestAlgorithm.MD5), "mallory", "x", "00000001");

        assertThat(authenticator.verify(Optional.of(mallory), "REGISTER", "mallory"))
                .isInstanceOf(AuthResult.Rejected.class);
    }

    @Test
    void algorithmThatWasNotOfferedIsRejected() {
        DigestAuthenticator shaOnly = new DigestAuthenticator(FakeCredentials.demo(), nonces, new NonceCounts(),
                List.of(DigestAlgorithm.SHA_256), "opaque-1");
        Challenge sha = shaOnly.challenges(false).get(0);
        Challenge md5 = new Challenge(sha.realm(), sha.nonce(), sha.opaque(), DigestAlgorithm.MD5, false);

        assertThat(shaOnly.verify(Optional.of(answer(md5, "alice", "alice-secret", "00000001")), "REGISTER", "alice"))
                .isInstanceOf(AuthResult.Rejected.class);
    }

    @Test
    void answerWithoutQopOrForAnotherRealmIsRejected() {
        Challenge challenge = challenge(DigestAlgorithm.MD5);
        DigestAnswer right = answer(challenge, "alice", "alice-secret", "00000001");
        DigestAnswer noQop = new DigestAnswer(right.username(), right.realm(), right.nonce(), right.uri(),
                right.response(), right.algorithm(), null, null, null, right.opaque());
        DigestAnswer otherRealm = new DigestAnswer(right.username(), "example.com", right.nonce(), right.uri(),
                right.response(), right.algorithm(), right.cnonce(), right.nc(), right.qop(), right.opaque());

        assertThat(authenticator.verify(Optional.of(noQop), "REGISTER", "alice")).isInstanceOf(AuthResult.Rejected.class);
        assertThat(authenticator.verify(Optional.of(otherRealm), "REGISTER", "alice"))
                .isInstanceOf(AuthResult.Rejected.class);
    }

    @Test
    void digestIsBoundToTheMethod() {
        DigestAnswer forRegister = answer(challenge(DigestAlgorithm.MD5), "alice", "alice-secret", "00000001");

        assertThat(authenticator.verify(Optional.of(forRegister), "INVITE", "alice"))
                .isInstanceOf(AuthResult.Rejected.class);
    }
}
