package org.switchboard.sip.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One entry of a trunk's inbound address list: an address or a CIDR block, optionally with a port
 * ({@code 203.0.113.10}, {@code 198.51.100.0/24}, {@code 127.0.0.1:5080}, {@code [2001:db8::1]:5060}).
 * Host names are resolved once, when the trunk is configured.
 */
record AddressMatch(byte[] network, int prefixLength, OptionalInt port, String text) {

    static AddressMatch parse(String entry) throws UnknownHostException {
        String text = entry.trim();
        String hostPart = text;
        OptionalInt port = OptionalInt.empty();
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ] in " + text);
            }
            hostPart = text.substring(1, close);
            port = portOf(text.substring(close + 1), text);
        } else if (text.chars().filter(c -> c == ':').count() == 1) {
            hostPart = text.substring(0, text.indexOf(':'));
            port = portOf(text.substring(text.indexOf(':')), text);
        }
        int prefix = -1;
        int slash = hostPart.indexOf('/');
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(hostPart.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            hostPart = hostPart.substring(0, slash);
        }
        byte[] address = InetAddress.getByName(hostPart).getAddress();
        int bits = address.length * 8;
        if (prefix == -1) {
            prefix = bits;
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("bad prefix length in " + text);
        }
        return new AddressMatch(address, prefix, port, text);
    }

    static List<AddressMatch> parseAll(List<String> entries) throws UnknownHostException {
        List<AddressMatch> matches = new ArrayList<>();
        for (String entry : entries) {
            if (!entry.isBlank()) {
                matches.add(parse(entry));
            }
        }
        return List.copyOf(matches);
    }

    boolean matches(InetAddress address, int sourcePort) {
        if (port.isPresent() && port.getAsInt() != sourcePort) {
            return false;
        }
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - restBits)) & 0xff;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    private static OptionalInt portOf(String suffix, String text) {
        if (suffix.isEmpty()) {
            return OptionalInt.empty();
        }
        if (!suffix.startsWith(":")) {
            throw new IllegalArgumentException("bad address " + text);
        }
        try {
            int port = Integer.parseInt(suffix.substring(1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("bad port in " + text);
            }
            return OptionalInt.of(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + text);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressMatch that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
