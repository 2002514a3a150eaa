package org.switchboard.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.switchboard.media.internal.RelayTest.remote;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;

class HotPathTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int BURST = 100;

    private final MediaEngine engine = Engines.start(4);
    private final Phone phoneA = new Phone();
    private final Phone phoneB = new Phone();

    @AfterEach
    void tearDown() {
        phoneA.close();
        phoneB.close();
        engine.close();
    }

    @Test
    void forwardingAndTranscodingAllocateNothingPerPacket() {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU, 101));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMA, 96));
        engine.bridge(a.id(), b.id());
        byte[] payload = Audio.encode(Codec.PCMU, Audio.sine(1000, 8000, 0));

        forward(a, payload, 20); // warm up: latching, first-use initialisation, JIT
        long before = allocatedByMediaThreads();
        assertThat(before).as("allocation accounting works on this JVM").isPositive();
        int packets = forward(a, payload, 50);
        long allocated = allocatedByMediaThreads() - before;

        assertThat(allocated / (double) packets).as("bytes allocated per forwarded packet (%d in total)", allocated)
                .isLessThan(4.0); // one object per packet would be 16 bytes or more; idle selects allocate a little
        assertThat(engine.stats(b.id()).packetsOut()).isEqualTo(70L * BURST);
    }

    @Test
    void relayingToAListenerWhileCapturingAllocatesNothingPerPacket() throws Exception {
        MediaEndpoint a = engine.allocate(UUID.randomUUID());
        MediaEndpoint b = engine.allocate(UUID.randomUUID());
        engine.setRemote(a.id(), remote(phoneA, Codec.PCMU));
        engine.setRemote(b.id(), remote(phoneB, Codec.PCMA));
        engine.listen(b.id(), a.id());
        java.nio.file.Path file = java.nio.file.Files.createTempFile("hotpath", ".wav");
        try {
            engine.startCapture(a.id(), file);
            byte[] payload = Audio.encode(Codec.PCMU, Audio.sine(1000, 8000, 0));

            forward(a, payload, 20);
            long before = allocatedByMediaThreads();
            int packets = forward(a, payload, 50);
            long allocated = allocatedByMediaThreads() - before;

            assertThat(allocated / (double) packets).as("bytes allocated per relayed packet (%d in total)", allocated)
                    .isLessThan(4.0);
            assertThat(engine.stats(b.id()).packetsOut()).isEqualTo(70L * BURST);
        } finally {
            engine.stopCapture(a.id());
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /** Sends bursts and waits for each to be forwarded, so no datagram is lost in a socket buffer. */
    private int forward(MediaEndpoint a, byte[] payload, int bursts) {
        for (int burst = 0; burst < bursts; burst++) {
            for (int i = 0; i < BURST; i++) {
                phoneA.sendAudio(a.local(), 0, payload);
            }
            phoneB.receive(BURST, WAIT);
        }
        return bursts * BURST;
    }

    private long allocatedByMediaThreads() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return engine.mediaThreads().stream().mapToLong(thread -> threads.getThreadAllocatedBytes(thread.getId())).sum();
    }
}
