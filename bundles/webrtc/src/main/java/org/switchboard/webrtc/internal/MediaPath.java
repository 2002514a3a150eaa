package org.switchboard.webrtc.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.util.Optional;

import org.switchboard.webrtc.internal.ice.IceSession;
import org.switchboard.webrtc.internal.rtp.OutgoingStream;
import org.switchboard.webrtc.internal.rtp.Packet;
import org.switchboard.webrtc.internal.rtp.Rtp;
import org.switchboard.webrtc.internal.rtp.SrtpTransform;

/**
 * A line's audio in both directions once SRTP is keyed: browser → decrypt → plain socket → peer,
 * and peer → plain socket → one continuous stream → encrypt → browser. Each direction runs on one
 * thread (the ICE port's, the plain loop's), which is also the only writer of its counters.
 */
final class MediaPath implements AutoCloseable {

    private final DatagramChannel plain;
    private final InetSocketAddress plainAddress;
    private final OutgoingStream outgoing;
    private final Clock clock;
    private final Packet fromBrowser = new Packet(new byte[0], 0, 0);
    private final Packet toBrowser = new Packet(new byte[0], 0, 0);

    private volatile SrtpTransform srtp;
    private volatile IceSession browser;
    private volatile InetSocketAddress peer;
    // Bumped after each peer change; the plain thread starts a new source when it sees a new value.
    private volatile int peerGeneration;
    private int forwardedGeneration = -1;

    private volatile long lastHeardMillis;
    private volatile long firstAudioNanos;
    private volatile long rtpFromBrowser;
    private volatile long rtcpFromBrowser;
    private volatile long rejectedFromBrowser;
    private volatile long rtpToBrowser;
    private volatile long droppedFromPeer;

    /** Binds the plain socket on loopback. */
    MediaPath(OutgoingStream outgoing, Clock clock) throws IOException {
        this.outgoing = outgoing;
        this.clock = clock;
        this.plain = DatagramChannel.open();
        try {
            plain.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            plain.configureBlocking(false);
            this.plainAddress = (InetSocketAddress) plain.getLocalAddress();
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    DatagramChannel plainChannel() {
        return plain;
    }

    InetSocketAddress plainAddress() {
        return plainAddress;
    }

    /** Audio starts flowing: SRTP is keyed and ICE has a pair to the browser. */
    void open(SrtpTransform keys, IceSession toBrowser) {
        browser = toBrowser;
        lastHeardMillis = clock.millis();
        srtp = keys;
    }

    synchronized void peer(InetSocketAddress mediaEndpoint) {
        peer = mediaEndpoint;
        peerGeneration++;
    }

    InetSocketAddress peer() {
        return peer;
    }

    /** Wall-clock millis of the last authenticated packet from the browser. */
    long lastHeardMillis() {
        return lastHeardMillis;
    }

    /** SRTP or SRTCP from the browser, on the ICE port's thread. */
    void fromBrowser(byte[] data, int offset, int length) {
        SrtpTransform keys = srtp;
        if (keys == null || !Rtp.isRtpOrRtcp(data, offset, length)) {
            rejectedFromBrowser++;
            return;
        }
        Packet packet = fromBrowser.wrap(data, offset, length);
        if (Rtp.isRtcp(data, offset)) {
            // Terminated here: the relay's peers get their RTCP from the relay itself.
            if (keys.decryptRtcp(packet)) {
                rtcpFromBrowser++;
                lastHeardMillis = clock.millis();
            } else {
                rejectedFromBrowser++;
            }
            return;
        }
        if (!keys.decryptRtp(packet)) {
            rejectedFromBrowser++;
            return;
        }
        lastHeardMillis = clock.millis();
        if (rtpFromBrowser++ == 0) {
            firstAudioNanos = System.nanoTime();
        }
        InetSocketAddress to = peer;
        if (to != null) {
            try {
                plain.send(ByteBuffer.wrap(packet.getBuffer(), packet.getOffset(), packet.getLength()), to);
            } catch (IOException e) {
                // The relay endpoint went away; the next peer() fixes it.
            }
        }
    }

    /**
     * A datagram on the plain socket, on the plain loop's thread; {@code data} has room after
     * {@code length} for the SRTP tag.
     */
    void fromPeer(byte[] data, int length, SocketAddress source, long nowNanos) {
        SrtpTransform keys = srtp;
        IceSession to = browser;
        int generation = peerGeneration;
        InetSocketAddress from = peer;
        if (keys == null || from == null || !from.equals(source) || !Rtp.isRtpOrRtcp(data, 0, length)
                || Rtp.isRtcp(data, 0) || length < 12 + 4 * (data[0] & 0x0F)) {
            droppedFromPeer++;
            return;
        }
        if (generation != forwardedGeneration) {
            // Even the same SSRC from a new peer is a new source: its numbers have their own base.
            outgoing.sourceChanged();
            forwardedGeneration = generation;
        }
        outgoing.rewrite(data, 0, nowNanos);
        Packet packet = toBrowser.wrap(data, 0, length);
        if (keys.encryptRtp(packet) && to.send(packet.getBuffer(), packet.getOffset(), packet.getLength())) {
            rtpToBrowser++;
        } else {
            droppedFromPeer++;
        }
    }

    LineStats stats(long createdNanos, long connectedNanos) {
        SrtpTransform keys = srtp;
        return new LineStats(rtpFromBrowser, rtcpFromBrowser, rtpToBrowser, rejectedFromBrowser, droppedFromPeer,
                LineStats.since(createdNanos, connectedNanos), LineStats.since(createdNanos, firstAudioNanos),
                Optional.ofNullable(keys).map(k -> k.profile().name()));
    }

    String counters() {
        return "packets from-browser=" + rtpFromBrowser + " rtcp=" + rtcpFromBrowser + " to-browser=" + rtpToBrowser
                + " rejected=" + rejectedFromBrowser + " dropped=" + droppedFromPeer;
    }

    /**
     * Stops both directions. The SRTP contexts are not closed: the other threads may be inside one
     * right now, and the JCE ciphers need no explicit release. The plain socket is closed by the
     * plain loop.
     */
    @Override
    public void close() {
        srtp = null;
        peer = null;
    }
}
