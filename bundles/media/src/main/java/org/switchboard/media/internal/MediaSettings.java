package org.switchboard.media.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The media engine's configuration, resolved: tests build it directly, DS from {@link MediaEngine.Config}.
 *
 * @param selectorThreads at least 1
 */
record MediaSettings(InetAddress bindAddress, int portMin, int portMax, int selectorThreads, boolean latching) {

    MediaSettings {
        if (selectorThreads < 1) {
            throw new IllegalArgumentException("selectorThreads must be at least 1");
        }
    }

    static MediaSettings of(MediaEngine.Config config) {
        InetAddress address;
        try {
            address = InetAddress.getByName(config.bindAddress().strip());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress " + config.bindAddress() + " is not a local address", e);
        }
        int threads = config.selectorThreads() > 0 ? config.selectorThreads() : Runtime.getRuntime().availableProcessors();
        return new MediaSettings(address, config.portMin(), config.portMax(), Math.max(1, threads), config.latching());
    }
}
