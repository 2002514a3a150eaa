package org.switchboard.webrtc.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.switchboard.webrtc.internal.dtls.DtlsCertificate;
import org.switchboard.webrtc.internal.ice.IcePort;
import org.switchboard.webrtc.internal.ice.IceSession;
import org.switchboard.webrtc.internal.rtp.SrtpTransform;
import org.switchboard.webrtc.internal.sdp.BadSdpException;
import org.switchboard.webrtc.internal.sdp.Fingerprint;
import org.switchboard.webrtc.internal.sdp.Offer;

/**
 * The WebRTC engine: owns the shared ICE port, the DTLS certificate, the threads and the set of
 * live phone lines. Thread-safe. {@link #close()} ends every line and stops every thread it
 * started (ice4j's own shared pools idle out by themselves within a minute).
 */
public final class PhoneLines implements AutoCloseable {

    private final LineSettings settings;
    private final IcePort icePort;
    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final PlainLoop plainLoop;
    private final ExecutorService handshakes;
    private final ScheduledExecutorService watchdog;
    private final Map<String, PhoneLine> lines = new ConcurrentHashMap<>();
    private final Random random = new SecureRandom();
    private volatile boolean closed;

    public PhoneLines(LineSettings settings) throws IOException {
        this.settings = settings;
        this.crypto = new BcTlsCrypto(new SecureRandom());
        this.certificate = DtlsCertificate.generate(crypto);
        SrtpTransform.warmUp();
        this.icePort = IcePort.bind(settings.icePort());
        PlainLoop loop = null;
        try {
            IceSession.warmUp(icePort);
            loop = new PlainLoop();
        } catch (IOException | RuntimeException e) {
            icePort.close();
            throw e;
        }
        this.plainLoop = loop;
        // A handshake blocks its thread until the browser's flights arrive; the pool grows with
        // concurrent handshakes only, and its threads leave after a minute of idleness.
        this.handshakes = Executors.newCachedThreadPool(threads("switchboard-webrtc-dtls-"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(threads("switchboard-webrtc-watchdog-"));
        watchdog.scheduleWithFixedDelay(this::checkLines, 500, 500, TimeUnit.MILLISECONDS);
    }

    /**
     * Answers a browser's offer with a new line. The line reports CONNECTED or FAILED to
     * {@code listener}.
     *
     * @throws BadSdpException when the offer cannot be answered (see its reason code)
     * @throws IOException when no socket or ICE agent can be had
     */
    public PhoneLine open(String offerSdp, LineListener listener) throws BadSdpException, IOException {
        if (closed) {
            throw new IllegalStateException("the WebRTC engine is stopped");
        }
        Offer offer = Offer.parse(offerSdp);
        String id = UUID.randomUUID().toString().substring(0, 8);
        PhoneLine line = new PhoneLine(id, offer, this, listener);
        lines.put(id, line);
        line.start();
        return line;
    }

    public Collection<PhoneLine> lines() {
        return List.copyOf(lines.values());
    }

    public InetSocketAddress icePortAddress() {
        return icePort.address();
    }

    public Fingerprint fingerprint() {
        return certificate.fingerprint();
    }

    @Override
    public void close() {
        closed = true;
        for (PhoneLine line : lines()) {
            line.fail("engine-stopped", "the WebRTC engine is stopping");
        }
        watchdog.shutdownNow();
        handshakes.shutdownNow();
        try {
            watchdog.awaitTermination(5, TimeUnit.SECONDS);
            handshakes.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        plainLoop.close();
        icePort.close();
    }

    private void checkLines() {
        long now = settings.clock().millis();
        for (PhoneLine line : lines.values()) {
            try {
                line.checkLiveness(now);
            } catch (RuntimeException e) {
                line.fail("engine-error", e.toString());
            }
        }
    }

    void ended(PhoneLine line) {
        lines.remove(line.id());
    }

    LineSettings settings() {
        return settings;
    }

    IcePort icePort() {
        return icePort;
    }

    BcTlsCrypto crypto() {
        return crypto;
    }

    DtlsCertificate certificate() {
        return certificate;
    }

    PlainLoop plainLoop() {
        return plainLoop;
    }

    ExecutorService handshakes() {
        return handshakes;
    }

    Random random() {
        return random;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
