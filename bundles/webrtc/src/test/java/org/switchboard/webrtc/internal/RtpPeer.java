package org.switchboard.webrtc.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the media relay's endpoint: a plain RTP socket on loopback that sends a µ-law tone
 * (20 ms frames in real time) and collects what it receives.
 */
final class RtpPeer implements AutoCloseable {

    record Received(int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) { }

    private final DatagramSocket socket;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

    RtpPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends a PCMU tone to {@code target} until closed, with its own SSRC and number bases. */
    void sendTone(InetSocketAddress target, double hz, long ssrc, int firstSequence, long firstTimestamp) {
        long[] frame = {0};
        clock.scheduleAtFixedRate(() -> {
            long n = frame[0]++;
            short[] pcm = Audio.tone(hz, 8000, 160, 0.4, n * 160);
            byte[] packet = new byte[12 + 160];
            packet[0] = (byte) 0x80;
            packet[1] = 0;
            int sequence = (int) ((firstSequence + n) & 0xFFFF);
            long timestamp = (firstTimestamp + n * 160) & 0xFFFFFFFFL;
            packet[2] = (byte) (sequence >> 8);
            packet[3] = (byte) sequence;
            for (int i = 0; i < 4; i++) {
                packet[4 + i] = (byte) (timestamp >> (24 - 8 * i));
                packet[8 + i] = (byte) (ssrc >> (24 - 8 * i));
            }
            for (int i = 0; i < 160; i++) {
                packet[12 + i] = Audio.linearToUlaw(pcm[i]);
            }
            try {
                socket.send(new DatagramPacket(packet, packet.length, target));
            } catch (IOException e) {
                // the socket closed with the test
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    void stopSending() {
        clock.shutdownNow();
    }

    /** Receives up to {@code count} RTP packets, or fewer when {@code timeoutMillis} passes between two. */
    List<Received> receive(int count, int timeoutMillis) throws IOException {
        List<Received> packets = new ArrayList<>();
        byte[] buffer = new byte[2048];
        socket.setSoTimeout(timeoutMillis);
        try {
            while (packets.size() < count) {
                DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                socket.receive(datagram);
                int length = datagram.getLength();
                if (length < 12) {
                    continue;
                }
                byte[] payload = new byte[length - 12];
                System.arraycopy(buffer, 12, payload, 0, payload.length);
                packets.add(new Received(buffer[1] & 0x7F, ((buffer[2] & 0xFF) << 8) | (buffer[3] & 0xFF),
                        uint32(buffer, 4), uint32(buffer, 8), payload));
            }
        } catch (SocketTimeoutException e) {
            // fewer than asked
        }
        return packets;
    }

    private static long uint32(byte[] b, int offset) {
        return ((long) (b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8)
                | (b[offset + 3] & 0xFF);
    }

    @Override
    public void close() {
        clock.shutdownNow();
        socket.close();
    }
}
