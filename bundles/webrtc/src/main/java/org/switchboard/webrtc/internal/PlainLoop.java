package org.switchboard.webrtc.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that reads every line's plain RTP socket (what the media relay sends to the
 * browser) and hands each datagram to its line for rewriting and encryption.
 */
final class PlainLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlainLoop.class);

    /** Room for the SRTP tag after the largest datagram we accept. */
    private static final int BUFFER_SIZE = 1500 + 64;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    PlainLoop() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, "switchboard-webrtc-plain");
        thread.setDaemon(true);
        thread.start();
    }

    void register(DatagramChannel channel, PhoneLine line) {
        tasks.add(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, line);
            } catch (IOException e) {
                line.plainSocketFailed(e);
            }
        });
        selector.wakeup();
    }

    /** Closes the channel on the loop's thread, so no read races the close. */
    void unregister(DatagramChannel channel) {
        tasks.add(() -> closeQuietly(channel));
        selector.wakeup();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        byte[] array = buffer.array();
        try {
            while (running) {
                selector.select(1000);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    PhoneLine line = (PhoneLine) key.attachment();
                    SocketAddress source;
                    // Leave room at the end of the array: SRTP appends its tag in place.
                    while ((source = receive(channel, buffer.clear().limit(1500))) != null) {
                        line.fromPeer(array, buffer.position(), source, System.nanoTime());
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.error("WebRTC plain-side loop stopped: {}", e.toString());
            }
        } finally {
            for (SelectionKey key : selector.keys()) {
                closeQuietly((DatagramChannel) key.channel());
            }
            try {
                selector.close();
            } catch (IOException e) {
                // Nothing left to release.
            }
        }
    }

    private static SocketAddress receive(DatagramChannel channel, ByteBuffer buffer) {
        try {
            return channel.receive(buffer);
        } catch (IOException e) {
            // ICMP port unreachable from a departed peer surfaces here; the next read is fine.
            return null;
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // The socket is gone either way.
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
