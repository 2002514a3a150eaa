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

/**
 * jain-sip's network layer with listening datagram sockets that hand each datagram over in an array of
 * its own length. jain-sip's UDP reader allocates a buffer of the largest datagram (64 KiB) per receive
 * and queues the packet with it until a channel thread parses it; at 2× overload 3,800 queued
 * datagrams of about 1 KB held 245 MB, and G1 copied them from collection to collection. With the
 * copy, the big buffer dies at once and a queued datagram holds its own bytes. Everything else is the
 * wrapped layer's (plain or TLS).
 */
final class CompactDatagramNetworkLayer implements NetworkLayer {
    private final NetworkLayer delegate;

    CompactDatagramNetworkLayer(NetworkLayer delegate) {
        this.delegate = delegate;
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress laddr) throws SocketException {
        if (laddr.isMulticastAddress()) {
            return delegate.createDatagramSocket(port, laddr);
        }
        return new CompactingSocket(port, laddr);
    }

    /** A bound datagram socket whose {@link #receive} leaves the packet holding only what arrived. */
    static final class CompactingSocket extends DatagramSocket {
        CompactingSocket(int port, InetAddress laddr) throws SocketException {
            super(port, laddr);
        }

        @Override
        public void receive(DatagramPacket packet) throws IOException {
            super.receive(packet);
            int offset = packet.getOffset();
            packet.setData(Arrays.copyOfRange(packet.getData(), offset, offset + packet.getLength()));
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
