package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestTest {

    @Test
    void md5ResponseMatchesTheRfc2617Example() {
        // RFC 2617 §3.5
        String ha1 = Digest.ha1(DigestAlgorithm.MD5, "Mufasa", "testrealm@host.com", "Circle Of Life");

        assertThat(ha1).isEqualTo("939e7578ed9e3c518a452acee763bce9");
        assertThat(Digest.response(DigestAlgorithm.MD5, ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001",
                "0a4f113b", "auth", "GET", "/dir/index.html")).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void sha256ResponseMatchesTheRfc7616Example() {
        // RFC 7616 §3.9.1
        String ha1 = Digest.ha1(DigestAlgorithm.SHA_256, "Mufasa", "http-auth@example.org", "Circle of Life");

        assertThat(Digest.response(DigestAlgorithm.SHA_256, ha1, "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth", "GET", "/dir/index.html"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void comparisonIgnoresHexCaseButNotContent() {
        assertThat(Digest.sameHex("6629fae4", "6629FAE4")).isTrue();
        assertThat(Digest.sameHex("6629fae4", "6629fae5")).isFalse();
        assertThat(Digest.sameHex("6629fae4", "6629fae")).isFalse();
        assertThat(Digest.sameHex("6629fae4", null)).isFalse();
    }

    @Test
    void algorithmTokensAreReadCaseInsensitivelyAndAbsentMeansMd5() {
        assertThat(DigestAlgorithm.fromToken(null)).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.fromToken("sha-256")).contains(DigestAlgorithm.SHA_256);
        assertThat(DigestAlgorithm.fromToken("MD5")).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.fromToken("SHA-512-256")).isEmpty();
        assertThat(DigestAlgorithm.fromToken("MD5-sess")).isEmpty();
    }
}
