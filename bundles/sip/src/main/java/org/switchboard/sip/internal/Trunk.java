package org.switchboard.sip.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A carrier connection: where calls to outside numbers go, and which source addresses are trusted as
 * that carrier (requests from them need no digest authentication).
 *
 * @param transport {@code UDP}, {@code TCP} or {@code TLS}
 * @param inbound addresses recognised as this trunk
 * @param register whether we REGISTER towards the carrier with {@code username}/{@code password}
 * @param realm the carrier's realm to answer challenges for; empty = whatever it asks
 */
record Trunk(String name, String host, int port, String transport, List<AddressMatch> inbound, boolean register,
        String username, String password, Optional<String> realm, int registerExpires) {

    Trunk {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        inbound = List.copyOf(inbound);
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(realm, "realm");
    }

    boolean isSource(InetAddress address, int port) {
        return inbound.stream().anyMatch(match -> match.matches(address, port));
    }

    /** {@code host:port}, as shown to admins. */
    String peer() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        // never the password
        return "Trunk[" + name + " " + transport + " " + peer() + ", inbound " + inbound + ", register=" + register
                + (register ? " as " + username : "") + "]";
    }
}
