package org.switchboard.sip.internal;

import gov.nist.javax.sip.message.SIPMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.sip.message.Message;

/** Where a message really came from (the packet's source, not what its Via claims: phones sit behind NAT). */
final class Sources {
    private Sources() {}

    static Optional<InetSocketAddress> of(Message message) {
        if (!(message instanceof SIPMessage sip)) {
            return Optional.empty();
        }
        InetAddress address = sip.getPeerPacketSourceAddress();
        int port = sip.getPeerPacketSourcePort();
        if (address == null || port <= 0) {
            address = sip.getRemoteAddress();
            port = sip.getRemotePort();
        }
        return address == null ? Optional.empty() : Optional.of(new InetSocketAddress(address, Math.max(port, 0)));
    }

    /** {@code 10.0.0.7:5062} or {@code [2001:db8::7]:5062}. */
    static String text(InetSocketAddress source) {
        String host = source.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + source.getPort();
    }
}
