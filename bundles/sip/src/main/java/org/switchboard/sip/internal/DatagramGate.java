package org.switchboard.sip.internal;

import java.net.DatagramPacket;
import java.net.DatagramSocket;

/** Sees each datagram on jain-sip's UDP reader thread, before the stack queues it for its parser threads. */
interface DatagramGate {
    /** Lets everything through. */
    DatagramGate NONE = (packet, socket) -> false;

    /**
     * @param packet what arrived, with its sender
     * @param socket the socket it arrived on, to answer from
     * @return true when the datagram was dealt with here (answered or dropped): the stack never sees it.
     *     If it throws, the datagram goes to the stack as if let through.
     */
    boolean consumed(DatagramPacket packet, DatagramSocket socket);
}
