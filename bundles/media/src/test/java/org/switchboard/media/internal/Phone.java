package org.switchboard.media.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/** A far end on 127.0.0.1: sends RTP datagrams and receives what the engine sends it. */
final class Phone implements AutoCloseable {
    /** One received RTP packet, parsed. */
    record Packet(int payloadType, boolean marker, int sequence, long timestamp, int ssrc, byte[] payload,
            InetSocketAddress source, byte[] raw) {}

    private final DatagramSocket socket;
    final int ssrc = ThreadLocalRandom.current().nextInt();
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextLong(1L << 32);

    Phone() {
        this(0);
    }

    Phone(int port) {
        this(Engines.LOOPBACK, port);
    }

    /** A phone on another host, e.g. 127.0.0.2 (all of 127/8 is loopback on Linux). */
    Phone(InetAddress host, int port) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends the next audio packet of this phone's stream: sequence +1, timestamp + samples. */
    void sendAudio(InetSocketAddress to, int payloadType, byte[] payload) {
        send(to, payloadType, false, sequence, timestamp, ssrc, payload);
        sequence = (sequence + 1) & 0xFFFF;
        timestamp += payload.length;
    }

    void send(InetSocketAddress to, int payloadType, boolean marker, int seq, long ts, int packetSsrc, byte[] payload) {
        ByteBuffer packet = ByteBuffer.allocate(12 + payload.length);
        packet.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | payloadType)).putShort((short) seq)
                .putInt((int) ts).putInt(packetSsrc).put(payload);
        sendRaw(to, packet.array());
    }

    /** Sends the RFC 4733 packets of one digit as a phone does (start, continuation, three ends). */
    void sendDigit(InetSocketAddress to, int payloadType, int event) {
        long eventTs = timestamp;
        int[] durations = {160, 400, 800, 800, 800};
        for (int i = 0; i < durations.length; i++) {
            byte end = (byte) (i >= 2 ? 0x80 | 10 : 10);
            byte[] payload = {(byte) event, end, (byte) (durations[i] >> 8), (byte) durations[i]};
            send(to, payloadType, i == 0, sequence, eventTs, ssrc, payload);
            sequence = (sequence + 1) & 0xFFFF;
        }
        timestamp += 800 + 480;
    }

    void sendRaw(InetSocketAddress to, byte[] datagram) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<Packet> receive(Duration timeout) {
        byte[] buffer = new byte[2048];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.receive(datagram);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] raw = Arrays.copyOf(buffer, datagram.getLength());
        InetSocketAddress source = (InetSocketAddress) datagram.getSocketAddress();
        if (raw.length < 12) {
            return Optional.of(new Packet(-1, false, 0, 0, 0, new byte[0], source, raw));
        }
        ByteBuffer packet = ByteBuffer.wrap(raw);
        int payloadType = packet.get(1) & 0x7F;
        boolean marker = (packet.get(1) & 0x80) != 0;
        byte[] payload = Arrays.copyOfRange(raw, 12, raw.length);
        return Optional.of(new Packet(payloadType, marker, packet.getShort(2) & 0xFFFF, packet.getInt(4) & 0xFFFF_FFFFL,
                packet.getInt(8), payload, source, raw));
    }

    /** Exactly {@code count} packets, or fails once the deadline passes. */
    List<Packet> receive(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Packet> packets = new ArrayList<>();
        while (packets.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("received " + packets.size() + " of " + count + " packets within " + timeout);
            }
            receive(Duration.ofNanos(left)).ifPresent(packets::add);
        }
        return packets;
    }

    /** Receives until a packet matches, or fails at the deadline. */
    Packet receiveUntil(Predicate<Packet> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching packet within " + timeout);
            }
            Optional<Packet> packet = receive(Duration.ofNanos(left));
            if (packet.isPresent() && wanted.test(packet.get())) {
                return packet.get();
            }
        }
    }

    /** Throws away whatever is queued. */
    void drain() {
        while (receive(Duration.ofMillis(1)).isPresent()) {
            // discard
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
