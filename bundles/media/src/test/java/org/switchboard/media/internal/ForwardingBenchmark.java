package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.RemoteMedia;

/**
 * Not a unit test: a local measurement of forwarding cost, run on demand with
 * {@code mvn -o -pl bundles/media verify -Dtest=ForwardingBenchmark -Dmedia.bench=true
 * -Dbench.calls=500 -Dbench.seconds=5}. Each call is one pair of endpoints; one sender thread
 * plays every A-side phone at 50 packets/s (PCMU → PCMA, so the transcoding path is measured),
 * one sink socket counts what leaves the B sides.
 */
@EnabledIfSystemProperty(named = "media.bench", matches = "true")
class ForwardingBenchmark {

    @Test
    void forwardsRealTimeCallsWithoutLoss() throws Exception {
        int calls = Integer.getInteger("bench.calls", 500);
        int seconds = Integer.getInteger("bench.seconds", 5);
        int base = 20000 + 2 * new java.util.Random().nextInt(1000); // 2,000+ ports: room for a few taken ones
        int threads = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());
        MediaEngine engine = new MediaEngine(new MediaSettings(Engines.LOOPBACK, base, base + 4 * calls + 199, threads, true));
        DatagramChannel sink = DatagramChannel.open();
        try (DatagramChannel sender = DatagramChannel.open()) {
            sender.bind(new InetSocketAddress(Engines.LOOPBACK, 0));
            sink.bind(new InetSocketAddress(Engines.LOOPBACK, 0));
            sink.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 8 << 20);
            sender.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 8 << 20);
            List<InetSocketAddress> targets = new ArrayList<>();
            List<UUID> bSides = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                MediaEndpoint a = engine.allocate(UUID.randomUUID());
                MediaEndpoint b = engine.allocate(UUID.randomUUID());
                engine.setRemote(a.id(), new RemoteMedia((InetSocketAddress) sender.getLocalAddress(), Codec.PCMU, OptionalInt.empty()));
                engine.setRemote(b.id(), new RemoteMedia((InetSocketAddress) sink.getLocalAddress(), Codec.PCMA, OptionalInt.empty()));
                engine.bridge(a.id(), b.id());
                targets.add(a.local());
                bSides.add(b.id());
            }
            AtomicLong received = new AtomicLong();
            Thread counter = new Thread(() -> {
                ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
                try {
                    while (true) {
                        buffer.clear();
                        sink.receive(buffer);
                        received.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    // closed at the end
                }
            });
            counter.start();

            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long cpuBefore = engine.mediaThreads().stream().mapToLong(t -> mx.getThreadCpuTime(t.getId())).sum();
            long sent = 0;
            ByteBuffer packet = ByteBuffer.allocateDirect(172);
            byte[] payload = Audio.encode(Codec.PCMU, Audio.sine(1000, 8000, 0));
            long start = System.nanoTime();
            int[] seq = new int[calls];
            for (int tick = 0; tick < seconds * 50; tick++) {
                long due = start + tick * 20_000_000L;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                for (int i = 0; i < calls; i++) {
                    packet.clear();
                    packet.put((byte) 0x80).put((byte) 0).putShort((short) seq[i]++).putInt(tick * 160).putInt(i + 1).put(payload);
                    packet.flip();
                    sender.send(packet, targets.get(i));
                    sent++;
                }
            }
            long wall = System.nanoTime() - start;
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (received.get() < sent && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long cpu = engine.mediaThreads().stream().mapToLong(t -> mx.getThreadCpuTime(t.getId())).sum() - cpuBefore;
            long forwarded = bSides.stream().mapToLong(id -> engine.stats(id).packetsOut()).sum();
            System.out.printf("calls=%d threads=%d sent=%d forwarded=%d received=%d rate=%.0f pkt/s media CPU=%.2f s"
                    + " (%.2f us/packet, %.0f%% of one core)%n", calls, threads, sent, forwarded, received.get(),
                    sent * 1e9 / wall, cpu / 1e9, cpu / 1e3 / Math.max(1, forwarded), 100.0 * cpu / wall);
            sink.close();
            counter.join(1000);
            assertThat(received.get()).isEqualTo(sent);
        } finally {
            sink.close();
            engine.close();
        }
    }
}
