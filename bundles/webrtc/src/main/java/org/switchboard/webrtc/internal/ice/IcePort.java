package org.switchboard.webrtc.internal.ice;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;

/**
 * The one UDP port every phone line shares. ice4j's single-port harvester reads it on one thread
 * and routes each datagram to the line whose ICE ufrag the browser's first check named; payload
 * (DTLS, SRTP) is pushed to the line's callback, STUN goes to the line's ICE agent.
 */
public final class IcePort implements AutoCloseable {

    private final SinglePortUdpHarvester harvester;
    private final InetSocketAddress address;

    private IcePort(SinglePortUdpHarvester harvester) {
        this.harvester = harvester;
        TransportAddress local = harvester.getLocalAddress();
        this.address = new InetSocketAddress(local.getAddress(), local.getPort());
    }

    /** Binds the port ({@code port} 0 picks a free one, for tests). */
    public static IcePort bind(InetSocketAddress address) throws IOException {
        // ice4j is configured through global config only. An on-prem host has no cloud metadata to
        // ask for a public address; without this the first Agent probes for AWS.
        System.setProperty("ice4j.harvest.mapping.aws.enabled",
                System.getProperty("ice4j.harvest.mapping.aws.enabled", "false"));
        // Push API: payload reaches our callback on the harvester thread, with no reader thread per line.
        AbstractUdpListener.USE_PUSH_API = true;
        try {
            return IceClassLoader.call(() -> new IcePort(
                    new SinglePortUdpHarvester(new TransportAddress(address, Transport.UDP))));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot bind the ICE port " + address, e);
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    SinglePortUdpHarvester harvester() {
        return harvester;
    }

    @Override
    public void close() {
        harvester.close();
    }
}
