package org.switchboard.sip.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * A UDP (or TCP) socket that sends hand-written SIP text and reads what comes back: for messages no
 * well-behaved client would send. {@code $LOCAL} in a message becomes this socket's host:port and
 * {@code $BRANCH}, {@code $CALLID} fresh values.
 */
final class RawSip implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress server;

    RawSip(InetAddress local, int serverPort) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(local, 0));
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
    }

    String local() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** Fills the placeholders and turns line ends into CRLF. */
    String prepare(String message) {
        return message.replace("$LOCAL", local()).replace("$BRANCH", "z9hG4bK" + UUID.randomUUID())
                .replace("$CALLID", UUID.randomUUID() + "@test").replace("\r\n", "\n").replace("\n", "\r\n");
    }

    void send(String message) throws IOException {
        byte[] bytes = prepare(message).getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    void sendBytes(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    /** The next datagram, skipping provisional responses; empty when nothing comes within the wait. */
    Optional<String> receive(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] buffer = new byte[65535];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout((int) left);
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            if (!text.startsWith("SIP/2.0 1")) {
                return Optional.of(text);
            }
        }
    }

    /** The status line's code, e.g. 200. */
    static int status(String response) {
        return Integer.parseInt(response.substring(8, 11));
    }

    /** Sends over a new TCP connection and returns what the server wrote before closing or the wait ended. */
    static String overTcp(int serverPort, byte[] bytes, Duration wait) throws IOException {
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), serverPort)) {
            tcp.setSoTimeout((int) wait.toMillis());
            tcp.getOutputStream().write(bytes);
            tcp.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = tcp.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // the server kept the connection open: fine
            } catch (IOException e) {
                // reset by the server: what it said before still counts
            }
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
