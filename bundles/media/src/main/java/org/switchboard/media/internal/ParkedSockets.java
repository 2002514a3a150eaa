package org.switchboard.media.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RTP/RTCP socket pairs of ended legs, kept bound and on their media thread for the next leg.
 * Opening, binding and registering two sockets per leg, then closing them, was about a tenth of the
 * JVM's CPU at 800 calls a second (bench/README.md, "Media sockets kept"). A parked pair keeps
 * reading and drops what arrives, and is handed out again only once it has been quiet for
 * {@link #QUIET_NANOS}: late packets of the last call cannot latch the next one, and a far end that
 * never stopped sending keeps its pair parked until it is closed ({@link #STALE_NANOS}). Pairs are
 * handed out oldest first; at most {@link #MAX_PARKED} are kept (each is two file descriptors).
 * Thread-safe: allocations and releases come from any signalling thread.
 */
final class ParkedSockets {
    static final long QUIET_NANOS = 1_000_000_000L;
    static final long STALE_NANOS = 30_000_000_000L;
    static final int MAX_PARKED = 2048;
    static final int OLDEST_LOOKED_AT = 8;

    private final ArrayDeque<Pair> parked = new ArrayDeque<>();
    private final int maxParked;

    ParkedSockets() {
        this(MAX_PARKED);
    }

    ParkedSockets(int maxParked) {
        this.maxParked = maxParked;
    }

    /** A parked pair: drains its sockets on its media thread and remembers when it last heard anything. */
    static final class Pair implements ReadyHandler {
        final int port;
        final DatagramChannel rtp;
        final DatagramChannel rtcp;
        final MediaLoop loop;
        private final long parkedNanos;
        private volatile long heardNanos;
        /** Handed to a new endpoint, which its media thread has yet to attach: leave what arrives to it. */
        private volatile boolean taken;

        Pair(int port, DatagramChannel rtp, DatagramChannel rtcp, MediaLoop loop, long nanos) {
            this.port = port;
            this.rtp = rtp;
            this.rtcp = rtcp;
            this.loop = loop;
            this.parkedNanos = nanos;
            this.heardNanos = nanos;
        }

        /** Whichever of the two sockets is ready, every datagram it holds is read and dropped. */
        @Override
        public void onReadable(MediaLoop media) {
            if (taken) {
                return; // the new call's first packets: the adoption task runs right after this selection
            }
            boolean heard = drain(rtp, media.receiveBuffer()) | drain(rtcp, media.receiveBuffer());
            if (heard) {
                heard(System.nanoTime());
            }
        }

        void heard(long nanos) {
            heardNanos = nanos;
        }

        private static boolean drain(DatagramChannel channel, ByteBuffer buffer) {
            boolean any = false;
            try {
                while (true) {
                    buffer.clear();
                    if (channel.receive(buffer) == null) {
                        return any;
                    }
                    any = true;
                }
            } catch (IOException e) {
                return any; // closed meanwhile
            }
        }

        boolean quiet(long nanos) {
            return nanos - heardNanos >= QUIET_NANOS;
        }

        boolean stale(long nanos) {
            return nanos - parkedNanos >= STALE_NANOS && !quiet(nanos);
        }
    }

    /**
     * Parks a pair, unless the limit is reached: then it is for the caller to close. The pairs
     * already parked are kept, being the ones that will be quiet soonest.
     */
    synchronized boolean park(Pair pair) {
        if (parked.size() >= maxParked) {
            return false;
        }
        parked.addLast(pair);
        return true;
    }

    /**
     * The oldest pair quiet for long enough, if any; pairs at the head that a far end keeps busy
     * past {@link #STALE_NANOS} are moved to {@code stale}, for the caller to close.
     */
    synchronized Optional<Pair> takeQuiet(long nanos, List<Pair> stale) {
        while (!parked.isEmpty()) {
            Pair head = parked.peekFirst();
            if (head.quiet(nanos)) {
                return Optional.of(take(parked.pollFirst()));
            }
            if (!head.stale(nanos)) {
                return Optional.empty();
            }
            stale.add(parked.pollFirst());
        }
        return Optional.empty();
    }

    /**
     * When no port is free otherwise: of the {@link #OLDEST_LOOKED_AT} pairs parked the longest, the one
     * quiet the longest, quiet enough or not (a bounded look: under load every allocation may come here).
     */
    synchronized Optional<Pair> takeQuietest() {
        Pair best = null;
        int looked = 0;
        for (Pair pair : parked) {
            if (best == null || pair.heardNanos - best.heardNanos < 0) {
                best = pair;
            }
            if (++looked == OLDEST_LOOKED_AT) {
                break;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        parked.remove(best);
        return Optional.of(take(best));
    }

    private static Pair take(Pair pair) {
        pair.taken = true;
        return pair;
    }

    /** Every parked pair, taken out to be closed (the port range changed). */
    synchronized List<Pair> takeAll() {
        List<Pair> all = new ArrayList<>(parked);
        parked.clear();
        return all;
    }

    synchronized int size() {
        return parked.size();
    }
}
