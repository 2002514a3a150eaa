package org.switchboard.media.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread: receives on its endpoints' sockets and forwards at once, and every 10 ms
 * ticks its endpoints (digits; tones and mixers on every other tick, i.e. 20 ms frames).
 * Registrations, removals and other changes to its own lists arrive as tasks, run after the next
 * selection (at the latest on the next tick), so those lists belong to this thread alone. Buffers
 * are allocated once per thread and reused.
 */
final class MediaLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaLoop.class);
    static final long TICK_NANOS = 10_000_000L;
    /** After a longer stall (GC, suspended VM) ticks restart from now instead of bursting. */
    private static final long MAX_LAG_NANOS = 200_000_000L;
    private static final int MAX_DATAGRAM = 2048;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Consumer<SelectionKey> onReady = this::ready;
    private final ByteBuffer receive = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final ByteBuffer send = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final short[] pcm = new short[MAX_DATAGRAM];
    private final short[] toneFrame = new short[ToneSource.FRAME];
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<Mixer> mixers = new ArrayList<>();
    private volatile boolean running = true;
    private long ticks;

    MediaLoop(String name) throws IOException {
        selector = Selector.open();
        thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    ByteBuffer receiveBuffer() {
        return receive;
    }

    ByteBuffer sendBuffer() {
        return send;
    }

    short[] pcm() {
        return pcm;
    }

    short[] toneFrame() {
        return toneFrame;
    }

    /**
     * Runs the task on this thread within a tick (10 ms), without waking it: each call's set-up and
     * teardown hand it four of these, and waking the selector for each (a system call on the caller's
     * side, an extra selection on this one) was about half of the media threads' CPU per call at
     * 800 calls a second (bench/README.md, "jain-sip's timers on a wheel").
     */
    void execute(Runnable task) {
        tasks.add(task);
    }

    CompletableFuture<Void> submit(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    void add(Endpoint endpoint) {
        execute(() -> {
            try {
                endpoint.rtpChannel().register(selector, SelectionKey.OP_READ, endpoint);
                endpoint.rtcpChannel().register(selector, SelectionKey.OP_READ, endpoint.rtcpHandler());
                endpoints.add(endpoint);
            } catch (IOException | RuntimeException e) {
                LOG.warn("endpoint={} leg={} could not be registered: {}", endpoint.id(), endpoint.legId(), e.toString());
            }
        });
    }

    /**
     * Closes the endpoint's sockets. A registered channel's socket is closed for real only when
     * the selector deregisters it, so the future completes after one more selection: then its
     * ports can be bound again.
     */
    CompletableFuture<Void> remove(Endpoint endpoint) {
        return submit(() -> {
            endpoints.remove(endpoint);
            closeRegistered(endpoint.rtpChannel(), endpoint.rtcpChannel());
        });
    }

    /** Closes an RTP/RTCP pair and runs the selection that deregisters them, which really frees their ports. */
    private void closeRegistered(DatagramChannel rtp, DatagramChannel rtcp) {
        closeQuietly(rtp);
        closeQuietly(rtcp);
        try {
            selector.selectNow(onReady);
        } catch (IOException e) {
            LOG.debug("selectNow after close failed: {}", e.toString());
        }
    }

    /**
     * Parks the endpoint's sockets instead of closing them: they stay registered and the pair drains
     * them until the endpoint that adopts them next ({@link #adopt}).
     */
    CompletableFuture<Void> park(Endpoint endpoint, ParkedSockets.Pair pair) {
        return submit(() -> {
            endpoints.remove(endpoint);
            attach(pair.rtp, pair);
            attach(pair.rtcp, pair);
        });
    }

    /** A new endpoint on a parked pair of this thread's sockets: they deliver to it from now on. */
    void adopt(Endpoint endpoint) {
        execute(() -> {
            attach(endpoint.rtpChannel(), endpoint);
            attach(endpoint.rtcpChannel(), endpoint.rtcpHandler());
            endpoints.add(endpoint);
        });
    }

    /** Closes a parked pair; completes once its ports can be bound again (as {@link #remove}). */
    CompletableFuture<Void> close(ParkedSockets.Pair pair) {
        return submit(() -> closeRegistered(pair.rtp, pair.rtcp));
    }

    private void attach(DatagramChannel channel, ReadyHandler handler) {
        SelectionKey key = channel.keyFor(selector);
        if (key == null || !key.isValid()) {
            throw new IllegalStateException("socket " + channel + " is not registered with " + thread.getName());
        }
        key.attach(handler);
    }

    void add(Mixer mixer) {
        execute(() -> mixers.add(mixer));
    }

    void remove(Mixer mixer) {
        execute(() -> mixers.remove(mixer));
    }

    /** Stops the thread; it closes its sockets on the way out. */
    void stop(long timeoutMillis) throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(timeoutMillis);
        if (thread.isAlive()) {
            LOG.warn("{} did not stop within {} ms", thread.getName(), timeoutMillis);
        }
    }

    @Override
    public void run() {
        long nextTick = System.nanoTime() + TICK_NANOS;
        while (running) {
            try {
                long wait = nextTick - System.nanoTime();
                if (wait > 0) {
                    selector.select(onReady, Math.max(1, (wait + 999_999) / 1_000_000));
                } else {
                    selector.selectNow(onReady);
                }
                runTasks();
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    tick(now);
                    nextTick += TICK_NANOS;
                    if (now - nextTick > MAX_LAG_NANOS) {
                        nextTick = now + TICK_NANOS;
                    }
                }
            } catch (ClosedSelectorException e) {
                break;
            } catch (IOException | RuntimeException e) {
                LOG.warn("{} survived an unexpected error: {}", thread.getName(), e.toString());
            }
        }
        shutdown();
    }

    private void ready(SelectionKey key) {
        if (key.isValid() && key.attachment() instanceof ReadyHandler handler) {
            handler.onReadable(this);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{} task failed: {}", thread.getName(), e.toString());
            }
        }
    }

    private void tick(long nanos) {
        boolean frameTick = (ticks++ & 1) == 0;
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint endpoint = endpoints.get(i);
            try {
                endpoint.tick(this, frameTick, nanos);
            } catch (RuntimeException e) {
                endpoint.failed("tick", e);
            }
        }
        if (frameTick) {
            for (int i = 0; i < mixers.size(); i++) {
                mixers.get(i).tickSafely(nanos);
            }
        }
    }

    private void shutdown() {
        runTasks(); // pending removals complete their futures
        for (SelectionKey key : selector.keys()) { // the endpoints' sockets and the parked ones
            closeQuietly((DatagramChannel) key.channel());
        }
        endpoints.clear();
        mixers.clear();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("selector close failed: {}", e.toString());
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("{} close failed: {}", channel, e.toString());
        }
    }
}
