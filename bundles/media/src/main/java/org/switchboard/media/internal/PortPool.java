package org.switchboard.media.internal;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Even RTP ports of the configured range (RTCP is the next odd port). Free ports are handed out
 * oldest-released first, so a port just released is reused last and late packets of the
 * previous call are unlikely to reach the next one.
 */
final class PortPool {
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final Set<Integer> inUse = new HashSet<>();
    private int min;
    private int max;

    PortPool(int portMin, int portMax) {
        reconfigure(portMin, portMax);
    }

    /** Applies a new range: ports in use stay in use; only ports of the new range are handed out. */
    synchronized void reconfigure(int portMin, int portMax) {
        int first = Math.max(2, portMin + (portMin & 1));
        if (portMax > 65535 || first + 1 > portMax) {
            throw new IllegalArgumentException("RTP port range " + portMin + "-" + portMax + " holds no even/odd pair");
        }
        min = first;
        max = portMax;
        free.clear();
        for (int port = first; port + 1 <= portMax; port += 2) {
            if (!inUse.contains(port)) {
                free.add(port);
            }
        }
    }

    synchronized OptionalInt take() {
        Integer port = free.poll();
        if (port == null) {
            return OptionalInt.empty();
        }
        inUse.add(port);
        return OptionalInt.of(port);
    }

    /** Gives a port back; one outside the current range (after a reconfiguration) is retired. */
    synchronized void give(int port) {
        if (inUse.remove(port) && inRange(port)) {
            free.add(port);
        }
    }

    /** Whether the port is one the current range hands out (a port outside it is retired when given back). */
    synchronized boolean inRange(int port) {
        return port >= min && port + 1 <= max;
    }

    synchronized int free() {
        return free.size();
    }

    synchronized String range() {
        return min + "-" + max;
    }
}
