package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressMatchTest {

    @Test
    void plainAddressMatchesAnyPort() throws Exception {
        AddressMatch match = AddressMatch.parse("203.0.113.10");

        assertThat(match.matches(InetAddress.getByName("203.0.113.10"), 5060)).isTrue();
        assertThat(match.matches(InetAddress.getByName("203.0.113.10"), 40000)).isTrue();
        assertThat(match.matches(InetAddress.getByName("203.0.113.11"), 5060)).isFalse();
    }

    @Test
    void addressWithPortMatchesOnlyThatPort() throws Exception {
        AddressMatch match = AddressMatch.parse("127.0.0.1:5080");

        assertThat(match.matches(InetAddress.getByName("127.0.0.1"), 5080)).isTrue();
        assertThat(match.matches(InetAddress.getByName("127.0.0.1"), 5062)).isFalse();
    }

    @Test
    void cidrBlockMatchesItsAddresses() throws Exception {
        AddressMatch match = AddressMatch.parse("198.51.100.0/23");

        assertThat(match.matches(InetAddress.getByName("198.51.100.7"), 5060)).isTrue();
        assertThat(match.matches(InetAddress.getByName("198.51.101.250"), 5060)).isTrue();
        assertThat(match.matches(InetAddress.getByName("198.51.102.1"), 5060)).isFalse();
        assertThat(match.matches(InetAddress.getByName("2001:db8::1"), 5060)).isFalse();
    }

    @Test
    void ipv6WithBracketsAndPort() throws Exception {
        AddressMatch match = AddressMatch.parse("[2001:db8::1]:5060");
        AddressMatch block = AddressMatch.parse("2001:db8::/32");

        assertThat(match.matches(InetAddress.getByName("2001:db8::1"), 5060)).isTrue();
        assertThat(match.matches(InetAddress.getByName("2001:db8::1"), 5061)).isFalse();
        assertThat(block.matches(InetAddress.getByName("2001:db8:ffff::9"), 1)).isTrue();
        assertThat(block.matches(InetAddress.getByName("2001:db9::9"), 1)).isFalse();
    }

    @Test
    void badEntriesAreRefused() {
        assertThatThrownBy(() -> AddressMatch.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressMatch.parse("10.0.0.1:99999")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressMatch.parse("[2001:db8::1")).isInstanceOf(IllegalArgumentException.class);
    }
}
