package org.switchboard.sip.internal;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jain-sip's network layer with listening datagram sockets that hand each datagram over in an array of
 * its own length. jain-sip's UDP reader allocates a buffer of the largest datagram (64 KiB) per receive
 * and queues the packet with it until a channel thread parses it; at 2× overload 3,800 queued
 * datagrams of about 1 KB held 245 MB, and G1 copied them from collection to collection. These sockets
 * receive into one buffer of their own and hand over an exact copy, so a queued datagram holds only its
 * own bytes, and {@link #stopPerDatagramBuffers} stops the reader allocating its 64 KiB at all (at 800
 * calls a second that was 41 % of all the bytes the JVM allocated). Before the copy, a
 * {@link DatagramGate} may deal with the datagram itself (an overload refusal), and the stack never sees
 * it. Sends are made one at a time without making a sender wait ({@link CompactingSocket#send}). Everything
 * else is the wrapped layer's (plain or TLS).
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
     * jain-sip's UDP reader allocates a buffer of its {@code maxMessageSize} (64 KiB) before each receive and
     * has no setting for it. On our sockets that buffer is never written, so it is cut to one byte (its private
     * field set once, before the reader thread starts). Any other socket keeps it: it needs the room.
     */
    static void stopPerDatagramBuffers(UDPMessageProcessor processor) {
        try {
            Field socket = UDPMessageProcessor.class.getDeclaredField("sock");
            socket.setAccessible(true);
            if (socket.get(processor) instanceof CompactingSocket) {
                Field bufferSize = UDPMessageProcessor.class.getDeclaredField("maxMessageSize");
                bufferSize.setAccessible(true);
                bufferSize.setInt(processor, 1);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("sip: jain-sip's UDP reader keeps allocating 64 KiB per datagram ({})", e.toString());
        }
    }

    /**
     * A bound datagram socket whose {@link #receive} returns the first datagram its gate lets through,
     * the packet holding only what arrived, whatever room the packet offered; and whose {@link #send} never
     * makes a thread wait for another's send.
     */
    static final class CompactingSocket extends DatagramSocket {
        /** Room for any UDP payload, over IPv4 or IPv6: what jain-sip's reader used to offer per datagram. */
        static final int MAX_DATAGRAM = 65_536;
        /** Beyond this many datagrams left for the sending thread, a sender waits its turn after all. */
        static final int MAX_LEFT_TO_SEND = 1_024;

        private final DatagramGate gate;
        private final byte[] buffer = new byte[MAX_DATAGRAM];
        private final DatagramPacket received = new DatagramPacket(buffer, buffer.length);
        /** Held by the one thread sending on the socket. */
        private final AtomicBoolean sending = new AtomicBoolean();
        private final Queue<DatagramPacket> leftToSend = new ConcurrentLinkedQueue<>();
        private final AtomicInteger leftCount = new AtomicInteger();
        private final LogThrottle sendFailures = new LogThrottle(10, Duration.ofMinutes(1), Clock.systemUTC());

        CompactingSocket(int port, InetAddress laddr, DatagramGate gate) throws SocketException {
            super(port, laddr);
            this.gate = gate;
        }

        /** Synchronized for the one buffer: jain-sip calls it from its one reader thread per socket. */
        @Override
        public synchronized void receive(DatagramPacket packet) throws IOException {
            do {
                received.setData(buffer); // a receive shrinks the packet's length to what arrived
                super.receive(received);
            } while (consumedByGate(received));
            packet.setData(Arrays.copyOf(buffer, received.getLength()));
            packet.setSocketAddress(received.getSocketAddress());
        }

        /**
         * Sends now, or leaves a copy for the thread sending at this moment, which sends it right after its own.
         * The JDK's socket lets one thread send at a time and parks the others on a lock: with the SIP workers
         * answering calls, parking and waking them was 2.3–2.8 % of the JVM's CPU at 800 calls a second, where a
         * send is one system call of a few microseconds. If sending a datagram left so fails (no route to its
         * address: rare over UDP, whose sends promise no delivery anyway), the failure is logged instead of thrown
         * to its caller, and the transaction that sent it learns by its timeout.
         */
        @Override
        public void send(DatagramPacket packet) throws IOException {
            if (!sending.compareAndSet(false, true)) {
                if (leftCount.get() < MAX_LEFT_TO_SEND) {
                    leftToSend.add(copyOf(packet));
                    leftCount.incrementAndGet();
                    // the sending thread may have let go before our datagram was queued: then it is ours to send
                    if (sending.compareAndSet(false, true)) {
                        sendLeftAndRelease();
                    }
                    return;
                }
                awaitTurn();
            }
            try {
                sendLeft(); // what this thread may have left before goes first: each thread's datagrams keep their order
                super.send(packet);
            } finally {
                sendLeftAndRelease();
            }
        }

        /** Far behind (the socket's buffer is full): a sender waits for the socket, as the JDK's lock made it. */
        private void awaitTurn() {
            while (!sending.compareAndSet(false, true)) {
                LockSupport.parkNanos(100_000);
            }
        }

        /** Holding {@link #sending}: sends what others left, lets go, and takes over again if more came meanwhile. */
        private void sendLeftAndRelease() {
            do {
                sendLeft();
                sending.set(false);
            } while (!leftToSend.isEmpty() && sending.compareAndSet(false, true));
        }

        private void sendLeft() {
            DatagramPacket next;
            while ((next = leftToSend.poll()) != null) {
                leftCount.decrementAndGet();
                try {
                    super.send(next);
                } catch (IOException | RuntimeException e) {
                    long suppressed = isClosed() ? -1 : sendFailures.admit(); // stopping: nothing to tell
                    if (suppressed >= 0) {
                        LOG.warn("sip: a datagram to {} was not sent: {} ({} more not logged)",
                                next.getSocketAddress(), e.toString(), suppressed);
                    }
                }
            }
        }

        /** The caller may reuse its packet once send returns. */
        private static DatagramPacket copyOf(DatagramPacket packet) {
            int offset = packet.getOffset();
            byte[] data = Arrays.copyOfRange(packet.getData(), offset, offset + packet.getLength());
            return new DatagramPacket(data, data.length, packet.getSocketAddress());
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
