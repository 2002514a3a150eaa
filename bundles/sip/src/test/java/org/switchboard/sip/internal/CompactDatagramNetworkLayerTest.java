package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.core.net.DefaultNetworkLayer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CompactDatagramNetworkLayerTest {
    private final CompactDatagramNetworkLayer layer = new CompactDatagramNetworkLayer(DefaultNetworkLayer.SINGLETON, DatagramGate.NONE);

    @Test
    void aReceivedDatagramIsHeldInAnArrayOfItsOwnLengthWithItsSender() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        byte[] options = "OPTIONS sip:x@127.0.0.1 SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket listening = layer.createDatagramSocket(0, loopback);
                DatagramSocket phone = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            listening.setSoTimeout(2000);
            phone.send(new DatagramPacket(options, options.length, listening.getLocalSocketAddress()));

            // what jain-sip's reader hands to the socket: a one-byte buffer (TunedSipStack cut its 64 KiB)
            DatagramPacket packet = new DatagramPacket(new byte[1], 1);
            listening.receive(packet);

            assertThat(packet.getData()).hasSize(options.length);
            assertThat(Arrays.copyOf(packet.getData(), packet.getLength())).isEqualTo(options);
            assertThat(packet.getSocketAddress()).isEqualTo(phone.getLocalSocketAddress());
        }
    }

    @Test
    void eachDatagramGetsItsOwnArrayThoughTheSocketReceivesIntoOneBuffer() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket listening = layer.createDatagramSocket(0, loopback);
                DatagramSocket phone = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            listening.setSoTimeout(2000);
            byte[] longer = "OPTIONS sip:longer@127.0.0.1 SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] shorter = "ACK sip:x SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            phone.send(new DatagramPacket(longer, longer.length, listening.getLocalSocketAddress()));
            phone.send(new DatagramPacket(shorter, shorter.length, listening.getLocalSocketAddress()));

            DatagramPacket first = new DatagramPacket(new byte[1], 1);
            DatagramPacket second = new DatagramPacket(new byte[1], 1);
            listening.receive(first);
            listening.receive(second);

            // a datagram queued for a parser thread must not change when the next one arrives
            assertThat(first.getData()).isEqualTo(longer);
            assertThat(second.getData()).isEqualTo(shorter);
        }
    }

    @Test
    void theLargestDatagramStillArrivesWhole() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        byte[] largest = new byte[65_507];
        Arrays.fill(largest, (byte) 'p');
        largest[largest.length - 1] = 'q';
        try (DatagramSocket listening = layer.createDatagramSocket(0, loopback);
                DatagramSocket phone = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            listening.setSoTimeout(2000);
            listening.setReceiveBufferSize(1 << 20);
            phone.send(new DatagramPacket(largest, largest.length, listening.getLocalSocketAddress()));

            DatagramPacket packet = new DatagramPacket(new byte[1], 1);
            listening.receive(packet);

            assertThat(packet.getLength()).isEqualTo(largest.length);
            assertThat(packet.getData()).isEqualTo(largest);
        }
    }

    @Test
    void datagramsSentFromManyThreadsAtOnceAllArriveWholeAndInEachSendersOrder() throws Exception {
        int senders = 4;
        int each = 25; // 100 small datagrams fit a default receive buffer (rmem_max 208 KiB) should the reader lag
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ExecutorService threads = Executors.newFixedThreadPool(senders);
        try (DatagramSocket stack = layer.createDatagramSocket(0, loopback);
                DatagramSocket phone = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            phone.setSoTimeout(2000);
            phone.setReceiveBufferSize(1 << 20);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> sent = new ArrayList<>();
            for (int t = 0; t < senders; t++) {
                int sender = t;
                sent.add(threads.submit(() -> {
                    // one packet and buffer per thread, overwritten right after each send as a caller may
                    byte[] buffer = new byte[32];
                    DatagramPacket packet = new DatagramPacket(buffer, 0, phone.getLocalSocketAddress());
                    start.await();
                    for (int i = 0; i < each; i++) {
                        byte[] text = (sender + ":" + i).getBytes(StandardCharsets.US_ASCII);
                        System.arraycopy(text, 0, buffer, 0, text.length);
                        packet.setLength(text.length);
                        stack.send(packet);
                        Arrays.fill(buffer, (byte) 'x');
                    }
                    return null;
                }));
            }
            start.countDown();

            Map<Integer, List<Integer>> received = new HashMap<>();
            DatagramPacket in = new DatagramPacket(new byte[64], 64);
            for (int n = 0; n < senders * each; n++) {
                phone.receive(in);
                String[] text = new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII).split(":");
                received.computeIfAbsent(Integer.parseInt(text[0]), k -> new ArrayList<>()).add(Integer.parseInt(text[1]));
            }
            for (Future<?> f : sent) {
                f.get();
            }

            List<Integer> inOrder = IntStream.range(0, each).boxed().toList();
            assertThat(received).hasSize(senders);
            received.values().forEach(seqs -> assertThat(seqs).isEqualTo(inOrder));
        } finally {
            threads.shutdownNow();
        }
    }
}
