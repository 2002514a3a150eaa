package org.switchboard.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A phone's ear for the itests: a UDP socket a SIPp scenario names as its media port (-key mport),
 * keeping every RTP packet that arrives, so a test can check what the phone's user would hear.
 */
final class RtpCapture implements AutoCloseable {
    /** One received RTP packet: payload type, marker, and the payload. */
    record Packet(long receivedNanos, int payloadType, boolean marker, byte[] payload) {}

    private final DatagramSocket socket;
    private final List<Packet> packets = new ArrayList<>();
    private final Thread reader;

    RtpCapture() throws SocketException {
        socket = new DatagramSocket(SipSupport.freeMediaPorts(), InetAddress.getLoopbackAddress());
        reader = new Thread(this::read, "rtp-capture-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void read() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(datagram);
            } catch (IOException e) {
                return;
            }
            if (datagram.getLength() < 12 || (buffer[0] & 0xC0) != 0x80) {
                continue; // not RTP
            }
            int headerLength = 12 + 4 * (buffer[0] & 0x0F);
            synchronized (packets) {
                packets.add(new Packet(System.nanoTime(), buffer[1] & 0x7F, (buffer[1] & 0x80) != 0,
                        Arrays.copyOfRange(buffer, headerLength, datagram.getLength())));
            }
        }
    }

    /** Packets received so far; forgets them, so the next call sees only newer ones. */
    List<Packet> take() {
        synchronized (packets) {
            List<Packet> taken = List.copyOf(packets);
            packets.clear();
            return taken;
        }
    }

    /** The RFC 4733 digits in these packets, each once (at its end packet), in order. */
    static String digits(List<Packet> packets, int eventPayloadType) {
        StringBuilder digits = new StringBuilder();
        long lastEndTimestampKey = -1;
        for (Packet packet : packets) {
            if (packet.payloadType() != eventPayloadType || packet.payload().length < 4) {
                continue;
            }
            int event = packet.payload()[0] & 0xFF;
            boolean end = (packet.payload()[1] & 0x80) != 0;
            int duration = ((packet.payload()[2] & 0xFF) << 8) | (packet.payload()[3] & 0xFF);
            long key = ((long) event << 32) | duration;
            if (end && key != lastEndTimestampKey) {
                digits.append("0123456789*#ABCD".charAt(Math.min(event, 15)));
                lastEndTimestampKey = key; // the end packet is sent three times
            }
        }
        return digits.toString();
    }

    /** Mean absolute amplitude of the G.711 audio in these packets (0 = silence, 32767 = full scale). */
    static double loudness(List<Packet> packets) {
        long sum = 0;
        long samples = 0;
        for (Packet packet : packets) {
            if (packet.payloadType() != 0 && packet.payloadType() != 8) {
                continue;
            }
            for (byte b : packet.payload()) {
                sum += Math.abs(packet.payloadType() == 0 ? ulaw(b) : alaw(b));
                samples++;
            }
        }
        return samples == 0 ? 0 : (double) sum / samples;
    }

    /**
     * The audio payloads of a pcap file of RTP over Ethernet, IPv4 and UDP, one after the other: what
     * a SIPp phone sends when it plays the file with play_pcap_audio.
     */
    static byte[] pcapAudio(Path pcap) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        in.position(24); // global header
        while (in.remaining() >= 16) {
            in.position(in.position() + 8); // timestamp
            int length = in.getInt();
            in.getInt();
            byte[] frame = new byte[length];
            in.get(frame);
            int rtp = 14 + 20 + 8;
            int payload = rtp + 12 + 4 * (frame[rtp] & 0x0F);
            audio.write(frame, payload, length - payload);
        }
        return audio.toByteArray();
    }

    /**
     * How many of these packets carry audible sound cut byte for byte from {@code played}: G.711
     * crosses a bridge unchanged when both phones use the same codec, while tones and music we
     * generate never match.
     */
    static int packetsFrom(List<Packet> packets, byte[] played) {
        String source = new String(played, StandardCharsets.ISO_8859_1);
        return (int) packets.stream()
                .filter(p -> p.payload().length >= 32 && loudness(List.of(p)) > 100)
                .filter(p -> source.contains(new String(p.payload(), 0, 32, StandardCharsets.ISO_8859_1)))
                .count();
    }

    static int audioPackets(List<Packet> packets) {
        return (int) packets.stream().filter(p -> p.payloadType() == 0 || p.payloadType() == 8).count();
    }

    private static int ulaw(byte b) {
        int u = ~b & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    private static int alaw(byte b) {
        int a = (b ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        t = switch (segment) {
            case 0 -> t + 8;
            case 1 -> t + 0x108;
            default -> (t + 0x108) << (segment - 1);
        };
        return (a & 0x80) != 0 ? t : -t;
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
