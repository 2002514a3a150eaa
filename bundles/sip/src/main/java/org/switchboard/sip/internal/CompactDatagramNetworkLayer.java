package org.switchboard.sip.internal;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jain-sip's network layer with listening datagram sockets that hand each datagram over in an array of
 * its own length. jain-sip's UDP reader allocates a buffer of the largest datagram (64 KiB) per receive
 * and queues the packet with it until a channel thread parses it; at 2× overload 3,800 queued
 * datagrams of about 1 KB held 245 MB, and G1 copied them from collection to collection. With the
 * copy, the big buffer dies at once and a queued datagram holds its own bytes. Before that, a
 * {@link DatagramGate} may deal with the datagram itself (an overload refusal), and the stack never sees
 * it. Everything else is the wrapped layer's (plain or TLS).
 */
final class CompactDatagramNetworkLayer implements NetworkLayer {
    private static final Logger LOG = LoggerFactory.getLogger(CompactDatagramNetworkLayer.class);

    private final NetworkLayer delegate;
    private final DatagramGate gate;

    CompactDatagramNetworkLayer(NetworkLayer delegate, DatagramGate gate) {
        this.delegate = delegate;
        this.gate = gate;
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress laddr) throws SocketException {
        if (laddr.isMulticastAddress()) {
            return delegate.createDatagramSocket(port, laddr);
        }
        return new CompactingSocket(port, laddr, gate);
    }

    /**
     * A bound datagram socket whose {@link #receive} returns the first datagram its gate lets through,
     * the packet holding only what arrived.
     */
    static final class CompactingSocket extends DatagramSocket {
        private final DatagramGate gate;

        CompactingSocket(int port, InetAddress laddr, DatagramGate gate) throws SocketException {
            super(port, laddr);
            this.gate = gate;
        }

        @Override
        public void receive(DatagramPacket packet) throws IOException {
            int capacity = packet.getLength();
            super.receive(packet);
            while (consumedByGate(packet)) {
                packet.setLength(capacity); // a receive shrinks the packet to what arrived
                super.receive(packet);
            }
            int offset = packet.getOffset();
            packet.setData(Arrays.copyOfRange(packet.getData(), offset, offset + packet.getLength()));
        }

        private boolean consumedByGate(DatagramPacket packet) {
            try {
                return gate.consumed(packet, this);
            } catch (RuntimeException e) { // out of receive, jain-sip would log it and lose the datagram
                LOG.warn("sip: a datagram from {} goes to the stack unchecked: {}", packet.getSocketAddress(),
                        e.toString());
                return false;
            }
        }
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return delegate.createDatagramSocket();
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return delegate.createServerSocket(port, backlog, bindAddress);
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return delegate.createSSLServerSocket(port, backlog, bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return delegate.createSocket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return delegate.createSocket(address, port, localAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return delegate.createSocket(address, port, localAddress, localPort);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return delegate.createSSLSocket(address, port);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return delegate.createSSLSocket(address, port, localAddress);
    }

    @Override
    public void setSipStack(SipStackImpl sipStack) {
        delegate.setSipStack(sipStack);
    }
}
