package org.switchboard.webrtc.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;

import org.ice4j.util.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.webrtc.internal.dtls.DtlsFailure;
import org.switchboard.webrtc.internal.dtls.DtlsSession;
import org.switchboard.webrtc.internal.dtls.SrtpKeys;
import org.switchboard.webrtc.internal.ice.IceSession;
import org.switchboard.webrtc.internal.rtp.OutgoingStream;
import org.switchboard.webrtc.internal.rtp.Packet;
import org.switchboard.webrtc.internal.rtp.Rtp;
import org.switchboard.webrtc.internal.rtp.SrtpTransform;
import org.switchboard.webrtc.internal.sdp.Answer;
import org.switchboard.webrtc.internal.sdp.BadSdpException;
import org.switchboard.webrtc.internal.sdp.Offer;

/**
 * One browser's PeerConnection: the secure side (ICE, DTLS-SRTP, on the shared port) and a plain
 * RTP socket on loopback that the media relay treats like any phone. Calls come and go by
 * changing the {@link #peer(InetSocketAddress) peer}; the browser sees one continuous stream.
 */
public final class PhoneLine {

    private static final Logger LOG = LoggerFactory.getLogger(PhoneLine.class);

    private final String id;
    private final Offer offer;
    private final PhoneLines engine;
    private final LineListener listener;
    private final DatagramChannel plain;
    private final InetSocketAddress plainAddress;
    private final OutgoingStream outgoing;
    private final long createdNanos = System.nanoTime();
    private final long createdMillis;

    // Set in start(), before the answer exists, so before the browser can send anything.
    private volatile IceSession ice;
    private volatile DtlsSession dtls;
    private volatile String answer;
    private volatile Future<?> handshake;

    private volatile LineState state = LineState.CONNECTING;
    private volatile SrtpTransform srtp;
    private volatile InetSocketAddress peer;
    // Bumped after each peer change; the plain thread starts a new source when it sees a new value.
    private volatile int peerGeneration;
    private int forwardedGeneration = -1;
    private volatile long lastHeardMillis;

    // Each counter has one writer: the ICE port's thread or the plain loop's thread.
    private final Packet fromBrowser = new Packet(new byte[0], 0, 0);
    private final Packet toBrowser = new Packet(new byte[0], 0, 0);
    private volatile long rtpFromBrowser;
    private volatile long rtcpFromBrowser;
    private volatile long rejectedFromBrowser;
    private volatile long rtpToBrowser;
    private volatile long droppedFromPeer;
    private volatile long connectedNanos;
    private volatile long firstAudioNanos;

    PhoneLine(String id, Offer offer, PhoneLines engine, LineListener listener) throws IOException {
        this.id = id;
        this.offer = offer;
        this.engine = engine;
        this.listener = listener;
        this.createdMillis = engine.settings().clock().millis();
        this.plain = DatagramChannel.open();
        try {
            plain.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            plain.configureBlocking(false);
            this.plainAddress = (InetSocketAddress) plain.getLocalAddress();
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        long ssrc = engine.random().nextInt() & 0xFFFFFFFFL;
        this.outgoing = new OutgoingStream(ssrc == 0 ? 1 : ssrc, engine.random().nextInt(0x10000),
                engine.random().nextInt() & 0xFFFFFFFFL);
    }

    /** Second step of construction: the ICE agent and DTLS server, which call back into this line. */
    void start() throws IOException {
        try {
            ice = IceSession.start(engine.icePort(), offer.iceUfrag(), offer.icePwd(), this::fromBrowser,
                    new IceSession.Events() {
                        @Override
                        public void iceConnected() {
                            // CONNECTED waits for SRTP keys; ICE alone carries no audio.
                        }

                        @Override
                        public void iceFailed() {
                            fail("ice-failed", "ICE connectivity checks failed");
                        }
                    });
            // The watchdog's connect timeout decides; BouncyCastle's own only backs it up.
            dtls = new DtlsSession(engine.crypto(), engine.certificate(), offer.fingerprint(),
                    engine.settings().connectTimeout().multipliedBy(2), engine.settings().srtpProfiles(), ice::send);
            answer = new Answer(offer, ice.localUfrag(), ice.localPassword(), engine.certificate().fingerprint(),
                    ice.candidateFoundation(), ice.candidatePriority(), engine.icePort().address(),
                    outgoing.ssrc(), "switchboard-" + id).toSdp();
            for (String candidate : offer.candidates()) {
                addCandidateQuietly(candidate);
            }
            engine.plainLoop().register(plain, this);
            handshake = engine.handshakes().submit(this::handshake);
        } catch (IOException | RuntimeException e) {
            release();
            throw e;
        }
    }

    public String id() {
        return id;
    }

    /** Our SDP answer to the browser's offer. */
    public String answer() {
        return answer;
    }

    /** The SSRC of the stream the browser receives (it is in the answer). */
    public long ssrc() {
        return outgoing.ssrc();
    }

    public LineState state() {
        return state;
    }

    /**
     * A trickled browser candidate, as in {@code RTCIceCandidate.candidate}/{@code sdpMid}.
     * An empty candidate (end of candidates) or one for another mid is ignored.
     *
     * @throws BadSdpException {@code bad-candidate} when it cannot be parsed
     */
    public void addRemoteCandidate(String candidate, String sdpMid) throws BadSdpException {
        if (candidate == null || candidate.isBlank()) {
            return;
        }
        if (sdpMid != null && offer.mid().isPresent() && !offer.mid().get().equals(sdpMid)) {
            return;
        }
        try {
            ice.addRemoteCandidate(candidate);
        } catch (IllegalArgumentException e) {
            throw new BadSdpException("bad-candidate", "cannot parse the ICE candidate");
        }
    }

    private void addCandidateQuietly(String candidate) {
        try {
            ice.addRemoteCandidate(candidate);
        } catch (IllegalArgumentException e) {
            // A candidate we cannot read in the offer is skipped; the browser's checks find us anyway.
        }
    }

    /** The loopback socket the media relay exchanges plain RTP with. */
    public InetSocketAddress plainAddress() {
        return plainAddress;
    }

    /**
     * From now on the browser's audio goes from {@link #plainAddress()} to {@code mediaEndpoint},
     * and RTP from {@code mediaEndpoint} to {@link #plainAddress()} goes to the browser. {@code null}
     * detaches: nothing is forwarded either way.
     */
    public synchronized void peer(InetSocketAddress mediaEndpoint) {
        peer = mediaEndpoint;
        peerGeneration++;
    }

    public void detach() {
        peer(null);
    }

    public Optional<InetSocketAddress> currentPeer() {
        return Optional.ofNullable(peer);
    }

    public LineStats stats() {
        SrtpTransform keys = srtp;
        return new LineStats(rtpFromBrowser, rtcpFromBrowser, rtpToBrowser, rejectedFromBrowser, droppedFromPeer,
                since(connectedNanos), since(firstAudioNanos),
                Optional.ofNullable(keys).map(k -> k.profile().name()));
    }

    private Optional<Duration> since(long nanos) {
        return nanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos - createdNanos));
    }

    /** Ends the line; its owner is not called back. */
    public void close() {
        if (end(LineState.CLOSED)) {
            LOG.info("line={} closed {}", id, counters());
        }
    }

    // --- the secure side, on the DTLS pool thread and the ICE port's thread

    private void handshake() {
        try {
            SrtpKeys keys = dtls.handshake();
            SrtpTransform transform = new SrtpTransform(keys, outgoing.ssrc());
            synchronized (this) {
                if (state != LineState.CONNECTING) {
                    return;
                }
                srtp = transform;
                state = LineState.CONNECTED;
            }
            connectedNanos = System.nanoTime();
            lastHeardMillis = engine.settings().clock().millis();
            LOG.info("line={} connected in {} ms, SRTP {}", id, (connectedNanos - createdNanos) / 1_000_000,
                    keys.profile());
            listener.stateChanged(this, LineState.CONNECTED, "connected");
        } catch (DtlsFailure e) {
            fail(e.reason(), e.getMessage());
        } catch (GeneralSecurityException e) {
            fail("dtls-failed", "cannot set up SRTP: " + e.getMessage());
        }
    }

    private void fromBrowser(Buffer buffer) {
        byte[] data = buffer.getBuffer();
        int offset = buffer.getOffset();
        int length = buffer.getLength();
        if (length < 1) {
            return;
        }
        if (Rtp.isDtls(data[offset])) {
            if (!dtls.received(data, offset, length) && state == LineState.CONNECTED) {
                fail("dtls-closed", "the browser closed DTLS");
            }
            return;
        }
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
                lastHeardMillis = engine.settings().clock().millis();
            } else {
                rejectedFromBrowser++;
            }
            return;
        }
        if (!keys.decryptRtp(packet)) {
            rejectedFromBrowser++;
            return;
        }
        lastHeardMillis = engine.settings().clock().millis();
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

    // --- the plain side, on the plain loop's thread

    void fromPeer(byte[] data, int length, SocketAddress source, long nowNanos) {
        SrtpTransform keys = srtp;
        int generation = peerGeneration;
        InetSocketAddress from = peer;
        if (keys == null || from == null || !from.equals(source) || !Rtp.isRtpOrRtcp(data, 0, length)
                || Rtp.isRtcp(data, 0) || (data[0] & 0x0F) != 0 && length < 12 + 4 * (data[0] & 0x0F)) {
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
        if (keys.encryptRtp(packet) && ice.send(packet.getBuffer(), packet.getOffset(), packet.getLength())) {
            rtpToBrowser++;
        } else {
            droppedFromPeer++;
        }
    }

    void plainSocketFailed(IOException e) {
        fail("plain-socket", "cannot read the plain RTP socket: " + e.getMessage());
    }

    // --- life

    /** Run by the engine's watchdog about once a second. */
    void checkLiveness(long nowMillis) {
        LineState current = state;
        if (current == LineState.CONNECTING
                && nowMillis - createdMillis > engine.settings().connectTimeout().toMillis()) {
            fail("connect-timeout", "not connected within " + engine.settings().connectTimeout().toSeconds() + " s");
        } else if (current == LineState.CONNECTED) {
            long lastSign = Math.max(lastHeardMillis, ice.lastConsentMillis());
            if (nowMillis - lastSign > engine.settings().consentTimeout().toMillis()) {
                fail("consent-lost", "no answer from the browser for "
                        + (nowMillis - lastSign) / 1000 + " s");
            }
        }
    }

    void fail(String reason, String detail) {
        if (end(LineState.FAILED)) {
            LOG.info("line={} failed reason={} ({}) {}", id, reason, detail, counters());
            listener.stateChanged(this, LineState.FAILED, reason);
        }
    }

    private boolean end(LineState finalState) {
        synchronized (this) {
            if (state == LineState.FAILED || state == LineState.CLOSED) {
                return false;
            }
            state = finalState;
        }
        release();
        return true;
    }

    private void release() {
        engine.ended(this);
        if (handshake != null) {
            handshake.cancel(true);
        }
        if (dtls != null) {
            dtls.close();
        }
        if (ice != null) {
            ice.close();
        }
        // SRTP contexts are not closed: the other threads may be inside one right now, and the
        // JCE ciphers need no explicit release. Dropping the reference stops new packets.
        srtp = null;
        engine.plainLoop().unregister(plain);
    }

    private String counters() {
        return "packets from-browser=" + rtpFromBrowser + " rtcp=" + rtcpFromBrowser + " to-browser=" + rtpToBrowser
                + " rejected=" + rejectedFromBrowser + " dropped=" + droppedFromPeer;
    }

    @Override
    public String toString() {
        return "PhoneLine[" + id + " " + state + "]";
    }
}
