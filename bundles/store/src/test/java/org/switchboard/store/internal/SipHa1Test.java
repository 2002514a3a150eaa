package org.switchboard.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipHa1Test {

    @Test
    void md5MatchesTheRfc2617Example() {
        // RFC 2617 §3.5: HA1 of Mufasa / testrealm@host.com / "Circle Of Life"
        assertThat(SipHa1.of("Mufasa", "testrealm@host.com", "Circle Of Life".toCharArray()).md5())
                .isEqualTo("939e7578ed9e3c518a452acee763bce9");
    }

    @Test
    void sha256MatchesTheRfc7616Example() {
        // RFC 7616 §3.9.1: HA1 of Mufasa / http-auth@example.org / "Circle of Life"
        assertThat(SipHa1.of("Mufasa", "http-auth@example.org", "Circle of Life".toCharArray()).sha256())
                .isEqualTo("7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232");
    }

    @Test
    void nonAsciiPasswordIsHashedAsUtf8() {
        // python3: hashlib.md5("bob:r:pässwörd".encode()).hexdigest()
        assertThat(SipHa1.of("bob", "r", "pässwörd".toCharArray()).md5()).isEqualTo("0239a6c1e9a4b30293abc7e7fa633d50");
    }

    @Test
    void toStringShowsNoHash() {
        assertThat(SipHa1.of("alice", "switchboard.local", "alice-secret".toCharArray()).toString())
                .isEqualTo("SipHa1[switchboard.local]");
    }
}
