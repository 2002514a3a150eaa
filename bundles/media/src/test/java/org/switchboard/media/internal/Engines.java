package org.switchboard.media.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Media engines for tests, each on a small random port range that is free right now (other
 * engineers' tests run on this machine too). The range stays below 32768, where Linux starts
 * handing out ephemeral ports, so the test phones' own sockets never land in it.
 */
final class Engines {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Engines() {}

    static MediaEngine start(int pairs) {
        return start(pairs, true);
    }

    static MediaEngine start(int pairs, boolean latching) {
        return new MediaEngine(settings(pairs, latching));
    }

    static MediaSettings settings(int pairs) {
        return settings(pairs, true);
    }

    static MediaSettings settings(int pairs, boolean latching) {
        int base = freeRange(pairs);
        return new MediaSettings(LOOPBACK, base, base + 2 * pairs - 1, 2, latching);
    }

    /** An even port where {@code 2 * pairs} consecutive ports can be bound. */
    static int freeRange(int pairs) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 30000 + 2 * ThreadLocalRandom.current().nextInt(Math.max(1, (32768 - 30000) / 2 - pairs));
            if (bindable(base, 2 * pairs)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range found");
    }

    static boolean bindable(int first, int count) {
        List<DatagramChannel> opened = new ArrayList<>();
        try {
            for (int port = first; port < first + count; port++) {
                DatagramChannel channel = DatagramChannel.open();
                opened.add(channel);
                channel.bind(new InetSocketAddress(LOOPBACK, port));
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            for (DatagramChannel channel : opened) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // only probing
                }
            }
        }
    }
}
