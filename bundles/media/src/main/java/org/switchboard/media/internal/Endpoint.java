package org.switchboard.media.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.media.Codec;
import org.switchboard.api.media.MediaEndpoint;
import org.switchboard.api.media.RemoteMedia;

/**
 * One leg's RTP/RTCP port pair. Its own media thread receives on it, forwards to the bridged
 * peer or feeds the mixer, and plays tones and digits on the ticks. Other threads (the peer's
 * media thread, a mixer) only send through it: {@link DatagramChannel#send} is thread-safe and
 * the shared state below is volatile or guarded by {@link OutgoingStream}.
 *
 * <p>The hot path works on the media thread's reusable direct buffer, in place, and allocates nothing.
 */
final class Endpoint implements ReadyHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);
    /**
     * How long the latched source must have been silent before another source (new SSRC, same
     * host) may take the latch: a phone that restarted on a new port is heard again after this,
     * while a flood from another port cannot move the latch off a peer that is still sending.
     */
    static final long RELATCH_QUIET_NANOS = 1_000_000_000L;

    private final MediaEndpoint descriptor;
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final MediaLoop loop;
    private final BooleanSupplier latching;
    private final DtmfListeners dtmfListeners;
    private final OutgoingStream outgoing;
    private final DtmfSender dtmf = new DtmfSender();
    private final ReceptionStats reception = new ReceptionStats();
    private final ReadyHandler rtcpHandler = this::onRtcpReadable;

    private volatile RemoteMedia remote;
    /** The remote's RFC 4733 payload type or -1, read on every received packet: kept unboxed beside it. */
    private volatile int telephoneEventPayloadType = -1;
    private volatile InetSocketAddress remoteRtcp;
    private volatile InetSocketAddress latched;
    private volatile InetSocketAddress latchedRtcp;
    private volatile InetSocketAddress rtcpFromRtp;
    private int latchedSsrc;
    /** When the latched source was last heard (media thread only). */
    private long latchedHeardNanos;

    private volatile Endpoint peer;
    /** One-way: who hears what our far end sends (call screening); set with {@link #listenedBy}. */
    private volatile Endpoint listener;
    /** The endpoint whose far end we relay one-way to ours, or null. */
    private volatile Endpoint listeningTo;
    private volatile Mixer mixer;
    private volatile SampleRing mixInput;
    private volatile ToneSource player;
    private volatile boolean muted;
    private volatile Capture capture;
    private volatile boolean closed;
    /** When our far end last sent speech (or when allocated); written by our media thread only. */
    private volatile long lastSpeechNanos;
    /** Written by the media thread on every accepted RTP packet: a plain store, no lock (the media timeout reads it). */
    private volatile long lastPacketNanos;

    private volatile long packetsIn;
    private volatile long dropped;
    private final LongAdder packetsOut = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private volatile boolean failureLogged;

    // RFC 4733 events received (media thread only)
    private boolean hasEndTimestamp;
    private long endTimestamp;
    private boolean hasEventTimestamp;
    private long eventTimestamp;

    Endpoint(MediaEndpoint descriptor, DatagramChannel rtp, DatagramChannel rtcp, MediaLoop loop,
            BooleanSupplier latching, DtmfListeners dtmfListeners) {
        this.descriptor = descriptor;
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.loop = loop;
        this.latching = latching;
        this.dtmfListeners = dtmfListeners;
        long now = System.nanoTime();
        this.outgoing = new OutgoingStream(now);
        this.lastSpeechNanos = now;
        this.lastPacketNanos = now;
    }

    // --- control (any thread) -------------------------------------------------------------

    MediaEndpoint descriptor() {
        return descriptor;
    }

    UUID id() {
        return descriptor.id();
    }

    UUID legId() {
        return descriptor.legId();
    }

    int port() {
        return descriptor.local().getPort();
    }

    MediaLoop loop() {
        return loop;
    }

    DatagramChannel rtpChannel() {
        return rtp;
    }

    DatagramChannel rtcpChannel() {
        return rtcp;
    }

    ReadyHandler rtcpHandler() {
        return rtcpHandler;
    }

    OutgoingStream outgoing() {
        return outgoing;
    }

    void remote(RemoteMedia media) {
        InetSocketAddress address = media.address();
        RemoteMedia previous = remote;
        telephoneEventPayloadType = media.telephoneEventPayloadType().orElse(-1);
        remote = media;
        remoteRtcp = new InetSocketAddress(address.getAddress(), address.getPort() + 1);
        if (previous != null && !previous.address().equals(address)) {
            // a re-INVITE moved the far end: send to the new address until it latches again
            latched = null;
            latchedRtcp = null;
            rtcpFromRtp = null;
        }
    }

    Endpoint peer() {
        return peer;
    }

    void peer(Endpoint endpoint) {
        peer = endpoint;
    }

    Mixer mixer() {
        return mixer;
    }

    Endpoint listener() {
        return listener;
    }

    /** Our far end's audio is also relayed to {@code endpoint}'s far end (null: to nobody). */
    void listenedBy(Endpoint endpoint) {
        listener = endpoint;
    }

    Endpoint listeningTo() {
        return listeningTo;
    }

    void listeningTo(Endpoint source) {
        listeningTo = source;
    }

    /** Nanos (System.nanoTime) of the last speech frame from the far end, or of allocation. */
    long lastSpeechNanos() {
        return lastSpeechNanos;
    }

    /** Nanos (System.nanoTime) of the last RTP packet accepted from the far end, or of allocation. */
    long lastPacketNanos() {
        return lastPacketNanos;
    }

    void join(Mixer conference, SampleRing input) {
        mixInput = input;
        mixer = conference;
    }

    void leaveMixer() {
        mixer = null;
        mixInput = null;
    }

    void play(ToneSource source) {
        player = source;
    }

    /** A clip plays until something else is wired or played; a tone stays until {@code play(SILENCE)}. */
    void stopClip() {
        if (player instanceof ClipPlayer) {
            player = null;
        }
    }

    void mute(boolean on) {
        muted = on;
    }

    void sendDigits(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            dtmf.enqueue(digits.charAt(i));
        }
    }

    Capture capture() {
        return capture;
    }

    void capture(Capture target) {
        capture = target;
    }

    void close() {
        closed = true;
        player = null;
        dtmf.clear();
    }

    MediaStats stats() {
        return new MediaStats(id(), legId(), packetsIn, packetsOut.sum(), dropped, reception.lost(),
                reception.jitterMillis(), sendFailures.sum());
    }

    /** The far end's telephone-event payload type, or -1. */
    int telephoneEventPayloadType() {
        return telephoneEventPayloadType;
    }

    /** Something generated (tone, digits) replaces the peer's or the conference's audio. */
    boolean generating() {
        return player != null || dtmf.busy();
    }

    // --- receiving (own media thread) ------------------------------------------------------

    /**
     * One datagram per readiness: at 50 packets/s a socket rarely holds a second one, so trying
     * for it would cost an empty {@code recvfrom} per packet; the selector (level-triggered)
     * reports the socket again if more is queued.
     */
    @Override
    public void onReadable(MediaLoop media) {
        ByteBuffer packet = media.receiveBuffer();
        packet.clear();
        InetSocketAddress source;
        try {
            source = (InetSocketAddress) rtp.receive(packet);
        } catch (IOException e) {
            return; // closed under us by release
        }
        if (source == null) {
            return;
        }
        packet.flip();
        packetsIn++;
        if (packet.limit() == packet.capacity()) {
            dropped++; // truncated by the socket: larger than any RTP packet we relay
            return;
        }
        try {
            onRtp(media, packet, source, System.nanoTime());
        } catch (RuntimeException e) {
            dropped++;
            failed("packet handling", e);
        }
    }

    private void onRtp(MediaLoop media, ByteBuffer packet, InetSocketAddress source, long nanos) {
        if (!Rtp.looksLikeRtp(packet)) {
            dropped++;
            return;
        }
        int offset = Rtp.payloadOffset(packet);
        int length = offset < 0 ? -1 : Rtp.payloadLength(packet, offset);
        if (length < 0) {
            dropped++;
            return;
        }
        int payloadType = Rtp.payloadType(packet);
        Codec codec = Rtp.audioCodec(payloadType);
        int eventType = telephoneEventPayloadType();
        boolean event = eventType >= 0 && payloadType == eventType;
        if (codec == null && !event && payloadType != Rtp.COMFORT_NOISE) {
            dropped++;
            return;
        }
        int ssrc = Rtp.ssrc(packet);
        if (!acceptSource(source, ssrc, nanos)) {
            dropped++;
            return;
        }
        lastPacketNanos = nanos;
        reception.packet(ssrc, Rtp.sequence(packet));
        if (codec != null) {
            reception.arrival(nanos, Rtp.timestamp(packet), codec.clockRate());
            onAudio(media, packet, offset, length, codec, nanos);
        } else if (event) {
            onEvent(packet, offset, length, nanos);
        }
        // comfort noise only keeps the latch: receivers fill silence themselves
    }

    /**
     * Symmetric RTP: the first packet latches its source; a new source is accepted only with a
     * new SSRC (the phone restarted or moved its port), from the host already latched or the
     * one its SDP announced, and once the latched source has been silent for
     * {@link #RELATCH_QUIET_NANOS}. So neither a stray copy of the current stream nor a flood
     * from elsewhere (another host, or another port of the phone's host) can steal the call's
     * audio while its phone talks. A phone that moves host sends a re-INVITE, which unlatches.
     * Dropped packets keep no state: a flood costs one receive and these comparisons each.
     */
    private boolean acceptSource(InetSocketAddress source, int ssrc, long nanos) {
        if (!latching.getAsBoolean()) {
            return true;
        }
        InetSocketAddress current = latched;
        if (current == null) {
            latch(source, ssrc, nanos);
            LOG.debug("endpoint={} leg={} latched to {}", id(), legId(), source);
            return true;
        }
        if (current.equals(source)) {
            latchedSsrc = ssrc;
            latchedHeardNanos = nanos;
            return true;
        }
        if (ssrc != latchedSsrc && nanos - latchedHeardNanos >= RELATCH_QUIET_NANOS
                && (sameHost(source, current) || sameHost(source, announcedAddress()))) {
            latch(source, ssrc, nanos);
            LOG.info("endpoint={} leg={} re-latched from {} to {} (new SSRC)", id(), legId(), current, source);
            return true;
        }
        return false;
    }

    private InetSocketAddress announcedAddress() {
        RemoteMedia media = remote;
        return media == null ? null : media.address();
    }

    private static boolean sameHost(InetSocketAddress a, InetSocketAddress b) {
        return b != null && a.getAddress().equals(b.getAddress());
    }

    private void latch(InetSocketAddress source, int ssrc, long nanos) {
        latchedSsrc = ssrc;
        latchedHeardNanos = nanos;
        rtcpFromRtp = new InetSocketAddress(source.getAddress(), source.getPort() + 1);
        latchedRtcp = null;
        latched = source;
    }

    private void onAudio(MediaLoop media, ByteBuffer packet, int offset, int length, Codec codec, long nanos) {
        Capture recording = capture;
        Mixer conference = mixer;
        short[] pcm = media.pcm();
        if (length > pcm.length) {
            dropped++;
            return;
        }
        if (Speech.isSpeech(codec, packet, offset, length)) {
            lastSpeechNanos = nanos;
        }
        if (recording != null || conference != null) {
            G711.decode(codec, packet, offset, length, pcm);
        }
        if (recording != null) {
            recording.received(pcm, length);
        }
        if (conference != null) {
            SampleRing input = mixInput;
            if (input != null && !muted) {
                input.write(pcm, length);
            }
        }
        Endpoint screener = listener;
        if (screener != null) {
            // a copy: the bridged peer below transcodes the received packet in place
            ByteBuffer copy = media.sendBuffer();
            copy.clear();
            copy.put(0, packet, 0, packet.limit());
            copy.limit(packet.limit());
            screener.forwardAudio(media, copy, offset, length, codec, muted, nanos);
        }
        if (conference != null) {
            return;
        }
        Endpoint other = peer;
        if (other != null) {
            other.forwardAudio(media, packet, offset, length, codec, muted, nanos);
        }
    }

    private void onEvent(ByteBuffer packet, int offset, int length, long nanos) {
        if (length < 4) {
            dropped++;
            return;
        }
        int event = packet.get(offset) & 0xFF;
        boolean end = (packet.get(offset + 1) & 0x80) != 0;
        int duration = packet.getShort(offset + 2) & 0xFFFF;
        long timestamp = Rtp.timestamp(packet);
        if (end && !(hasEndTimestamp && endTimestamp == timestamp)) {
            // the end packet is sent three times: one digit per event timestamp
            hasEndTimestamp = true;
            endTimestamp = timestamp;
            char digit = Rtp.dtmfDigit(event);
            if (digit != 0) {
                dtmfListeners.digitReceived(id(), legId(), digit, duration * 1000 / ToneSource.SAMPLE_RATE);
            }
        }
        boolean first = !(hasEventTimestamp && eventTimestamp == timestamp);
        hasEventTimestamp = true;
        eventTimestamp = timestamp;
        Endpoint other = peer;
        if (other != null && mixer == null) {
            other.forwardEvent(packet, event, first, nanos);
        }
    }

    private void onRtcpReadable(MediaLoop media) {
        ByteBuffer packet = media.receiveBuffer();
        packet.clear();
        InetSocketAddress source;
        try {
            source = (InetSocketAddress) rtcp.receive(packet);
        } catch (IOException e) {
            return;
        }
        if (source == null) {
            return;
        }
        packet.flip();
        if (packet.limit() < 8 || (packet.get(0) & 0xC0) != 0x80) {
            return; // not RTCP
        }
        InetSocketAddress current = latched;
        if (latching.getAsBoolean() && current != null) {
            if (!sameHost(source, current)) {
                return; // a flood from elsewhere is not relayed to the peer
            }
            if (latchedRtcp == null) {
                latchedRtcp = source;
            }
        }
        Endpoint other = peer;
        if (other != null) {
            other.relayRtcp(packet);
        }
    }

    // --- sending (any media thread) --------------------------------------------------------

    /** Where RTP goes: the latched source, else what the SDP said. */
    private InetSocketAddress rtpTarget() {
        InetSocketAddress source = latched;
        if (source != null && latching.getAsBoolean()) {
            return source;
        }
        RemoteMedia media = remote;
        return media == null ? null : sendable(media.address());
    }

    private InetSocketAddress rtcpTarget() {
        if (latching.getAsBoolean() && latched != null) {
            InetSocketAddress source = latchedRtcp;
            return source != null ? source : rtcpFromRtp;
        }
        InetSocketAddress announced = remoteRtcp;
        return announced == null ? null : sendable(announced);
    }

    /**
     * An SDP address of 0.0.0.0 (RFC 2543 hold, or a phone that does not know its address yet)
     * means "send nothing": sent there, RTP would reach this very host.
     */
    private static InetSocketAddress sendable(InetSocketAddress address) {
        return address.getAddress() != null && address.getAddress().isAnyLocalAddress() ? null : address;
    }

    private Codec codec(Codec fallback) {
        RemoteMedia media = remote;
        return media == null ? fallback : media.codec();
    }

    /** Audio from the bridged peer, in the peer's media thread's buffer; changed in place. */
    void forwardAudio(MediaLoop media, ByteBuffer packet, int offset, int length, Codec from, boolean silence, long nanos) {
        if (closed || generating()) {
            return;
        }
        InetSocketAddress target = rtpTarget();
        if (target == null) {
            return;
        }
        Codec to = codec(from);
        if (silence) {
            // muted: the stream goes on (NAT bindings, RTP timeouts) with silence in it
            byte quiet = G711.silence(to);
            for (int i = offset, end = offset + length; i < end; i++) {
                packet.put(i, quiet);
            }
        } else {
            G711.transcode(from, to, packet, offset, length);
        }
        Rtp.setPayloadType(packet, to.payloadType());
        outgoing.stampForwarded(packet, nanos);
        send(packet, target);
        Capture recording = capture;
        if (recording != null) {
            short[] pcm = media.pcm();
            G711.decode(to, packet, offset, length, pcm);
            recording.sent(pcm, length);
        }
    }

    /** An RFC 4733 packet from the bridged peer: relayed with our payload type, or played in-band. */
    void forwardEvent(ByteBuffer packet, int event, boolean first, long nanos) {
        if (closed) {
            return;
        }
        int payloadType = telephoneEventPayloadType();
        if (payloadType < 0) {
            char digit = Rtp.dtmfDigit(event);
            if (first && digit != 0) {
                dtmf.enqueue(digit);
            }
            return;
        }
        if (generating()) {
            return;
        }
        InetSocketAddress target = rtpTarget();
        if (target == null) {
            return;
        }
        Rtp.setPayloadType(packet, payloadType);
        outgoing.stampForwarded(packet, nanos);
        send(packet, target);
    }

    void relayRtcp(ByteBuffer packet) {
        InetSocketAddress target = rtcpTarget();
        if (closed || target == null) {
            return;
        }
        try {
            packet.position(0);
            rtcp.send(packet, target);
        } catch (IOException | RuntimeException e) {
            // RTCP is advisory: a failed relay changes nothing
        }
    }

    /** Sends one frame of linear audio (tone, in-band digit, conference mix) in our codec. */
    void sendAudio(MediaLoop media, short[] pcm, int samples, long nanos) {
        InetSocketAddress target = rtpTarget();
        if (closed || target == null) {
            return;
        }
        Codec codec = codec(Codec.PCMU);
        ByteBuffer packet = media.sendBuffer();
        packet.clear();
        outgoing.stampGenerated(packet, codec.payloadType(), samples, nanos);
        G711.encode(codec, pcm, samples, packet, Rtp.HEADER);
        packet.limit(Rtp.HEADER + samples);
        send(packet, target);
        Capture recording = capture;
        if (recording != null) {
            recording.sent(pcm, samples);
        }
    }

    /** A conference mix, unless a tone or digits take precedence. */
    void sendMixed(MediaLoop media, short[] pcm, int samples, long nanos) {
        if (!generating()) {
            sendAudio(media, pcm, samples, nanos);
        }
    }

    void sendEvent(MediaLoop media, int payloadType, boolean marker, int event, boolean end, int volume,
            int duration, long timestamp) {
        InetSocketAddress target = rtpTarget();
        if (closed || target == null) {
            return;
        }
        ByteBuffer packet = media.sendBuffer();
        packet.clear();
        outgoing.stampEvent(packet, payloadType, marker, timestamp);
        packet.put(Rtp.HEADER, (byte) event);
        packet.put(Rtp.HEADER + 1, (byte) ((end ? 0x80 : 0) | (volume & 0x3F)));
        packet.putShort(Rtp.HEADER + 2, (short) duration);
        packet.limit(Rtp.HEADER + 4);
        send(packet, target);
    }

    private void send(ByteBuffer packet, InetSocketAddress target) {
        packet.position(0);
        try {
            if (rtp.send(packet, target) > 0) {
                packetsOut.increment();
            } else {
                sendFailures.increment(); // socket buffer full: the packet is lost, as on the wire
            }
        } catch (IOException | RuntimeException e) {
            sendFailures.increment(); // closed by release meanwhile, or an unreachable address
        }
    }

    /** Logs a failure once per endpoint: a bug must not flood the log 50 times a second. */
    void failed(String what, RuntimeException e) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.warn("endpoint={} leg={} {} failed: {}", id(), legId(), what, e.toString());
        }
    }

    // --- ticks (own media thread) ----------------------------------------------------------

    void tick(MediaLoop media, boolean frameTick, long nanos) {
        if (closed) {
            return;
        }
        if (dtmf.busy()) {
            dtmf.tick(this, media, frameTick, nanos);
            return;
        }
        ToneSource source = player;
        if (source != null && frameTick) {
            short[] frame = media.toneFrame();
            source.next(frame);
            sendAudio(media, frame, ToneSource.FRAME, nanos);
        }
    }
}
