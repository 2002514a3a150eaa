package org.switchboard.webrtc.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Future;
import org.ice4j.util.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.media.Codec;
import org.switchboard.webrtc.internal.dtls.DtlsFailure;
import org.switchboard.webrtc.internal.dtls.DtlsSession;
import org.switchboard.webrtc.internal.dtls.SrtpKeys;
import org.switchboard.webrtc.internal.ice.IceSession;
import org.switchboard.webrtc.internal.rtp.OutgoingStream;
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
    private final OutgoingStream outgoing;
    private final MediaPath media;
    private final long createdNanos = System.nanoTime();
    private final long createdMillis;

    // Set in start(), before the answer exists, so before the browser can send anything.
    private volatile IceSession ice;
    private volatile DtlsSession dtls;
    private volatile String answer;
    private volatile Future<?> handshake;

    private volatile LineState state = LineState.CONNECTING;
    private volatile long connectedNanos;

    PhoneLine(String id, Offer offer, PhoneLines engine, LineListener listener) throws IOException {
        this.id = id;
        this.offer = offer;
        this.engine = engine;
        this.listener = listener;
        this.createdMillis = engine.settings().clock().millis();
        long ssrc = engine.random().nextInt() & 0xFFFFFFFFL;
        this.outgoing = new OutgoingStream(ssrc == 0 ? 1 : ssrc, engine.random().nextInt(0x10000),
                engine.random().nextInt() & 0xFFFFFFFFL);
        this.media = new MediaPath(outgoing, engine.settings().clock());
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
            engine.plainLoop().register(media.plainChannel(), this);
            handshake = engine.handshakes().submit(this::handshake);
        } catch (IOException | RuntimeException e) {
            release();
            throw e;
        }
    }

    public String id() {
        return id;
    }

    /** The G.711 law of the line (the one our answer accepts): what the browser sends and expects. */
    public Codec codec() {
        return offer.pcmu().isPresent() ? Codec.PCMU : Codec.PCMA;
    }

    /** The browser's RFC 4733 payload type, if it offered one. */
    public OptionalInt telephoneEvent() {
        return offer.telephoneEvent();
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
        return media.plainAddress();
    }

    /**
     * From now on the browser's audio goes from {@link #plainAddress()} to {@code mediaEndpoint},
     * and RTP from {@code mediaEndpoint} to {@link #plainAddress()} goes to the browser. {@code null}
     * detaches: nothing is forwarded either way.
     */
    public void peer(InetSocketAddress mediaEndpoint) {
        media.peer(mediaEndpoint);
    }

    public void detach() {
        peer(null);
    }

    public Optional<InetSocketAddress> currentPeer() {
        return Optional.ofNullable(media.peer());
    }

    public LineStats stats() {
        return media.stats(createdNanos, connectedNanos);
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
                media.open(transform, ice);
                state = LineState.CONNECTED;
            }
            connectedNanos = System.nanoTime();
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
        media.fromBrowser(data, offset, length);
    }

    // --- the plain side, on the plain loop's thread (it holds the line, the path does the work)

    void fromPeer(byte[] data, int length, SocketAddress source, long nowNanos) {
        media.fromPeer(data, length, source, nowNanos);
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
            long lastSign = Math.max(media.lastHeardMillis(), ice.lastConsentMillis());
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
        media.close();
        engine.plainLoop().unregister(media.plainChannel());
    }

    private String counters() {
        return media.counters();
    }

    @Override
    public String toString() {
        return "PhoneLine[" + id + " " + state + "]";
    }
}
