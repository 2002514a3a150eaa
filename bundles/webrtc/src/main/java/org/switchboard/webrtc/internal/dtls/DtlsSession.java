package org.switchboard.webrtc.internal.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.switchboard.webrtc.internal.sdp.Fingerprint;

/**
 * One line's DTLS server, fed from a queue by the ICE port's thread. {@link #handshake()} blocks
 * a pool thread until keys are agreed; afterwards late DTLS records (a retransmitted client flight,
 * close_notify) are processed on the receiving thread, so no thread stays with the line.
 */
public final class DtlsSession implements AutoCloseable {

    /** Where our DTLS records go: the browser, through ICE. */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] data, int offset, int length);
    }

    private static final int MTU = 1200;
    private static final int ALERT = 21;

    private final BlockingQueue<byte[]> incoming = new ArrayBlockingQueue<>(64);
    private final Transport transport = new Transport();
    private final SrtpDtlsServer server;
    private final Sender sender;
    private final byte[] applicationData = new byte[MTU];
    private volatile DTLSTransport established;
    private volatile boolean closed;

    public DtlsSession(BcTlsCrypto crypto, DtlsCertificate certificate, Fingerprint expectedClientFingerprint,
            Duration handshakeTimeout, List<SrtpProfile> srtpProfiles, Sender sender) {
        this.server = new SrtpDtlsServer(crypto, certificate, expectedClientFingerprint,
                (int) handshakeTimeout.toMillis(), srtpProfiles);
        this.sender = sender;
    }

    /** Runs the whole handshake; call it on a thread that may block. */
    public SrtpKeys handshake() throws DtlsFailure {
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        // ICE already proved the browser receives at its address: no cookie round trip.
        protocol.setVerifyRequests(false);
        try {
            established = protocol.accept(server, transport);
            drain();
            return server.keys();
        } catch (TlsTimeoutException e) {
            throw new DtlsFailure("dtls-timeout", "no handshake within the timeout", e);
        } catch (IOException | RuntimeException e) {
            if (server.fingerprintMismatch()) {
                throw new DtlsFailure("fingerprint-mismatch", "the browser's certificate is not the offered one", e);
            }
            if (closed) {
                throw new DtlsFailure("dtls-closed", "the line closed during the handshake", e);
            }
            if (e instanceof TlsFatalAlert alert && alert.getMessage() != null
                    && alert.getMessage().contains("SRTP")) {
                throw new DtlsFailure("no-srtp-profile", alert.getMessage(), e);
            }
            throw new DtlsFailure("dtls-failed", String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * A DTLS datagram from the browser.
     *
     * @return false when the browser closed DTLS (an alert after the handshake)
     */
    public boolean received(byte[] data, int offset, int length) {
        if (closed) {
            return false;
        }
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        incoming.offer(copy);
        if (established != null) {
            drain();
            return data[offset] != ALERT;
        }
        return true;
    }

    private void drain() {
        DTLSTransport dtls = established;
        synchronized (applicationData) {
            try {
                while (!incoming.isEmpty() && dtls.receive(applicationData, 0, MTU, 1) >= 0) {
                    // WebRTC sends no DTLS application data on an audio-only line; anything is dropped.
                }
            } catch (IOException e) {
                // A fatal alert from the browser; the caller reports the line.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        incoming.clear();
        DTLSTransport dtls = established;
        if (dtls != null) {
            try {
                dtls.close();
            } catch (IOException e) {
                // close_notify could not be sent; the browser's consent checks will notice.
            }
        }
    }

    private final class Transport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return MTU;
        }

        @Override
        public int getSendLimit() {
            return MTU;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (closed) {
                throw new InterruptedIOException("line closed");
            }
            try {
                byte[] datagram = incoming.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (datagram == null) {
                    return -1;
                }
                int n = Math.min(len, datagram.length);
                System.arraycopy(datagram, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            if (!closed) {
                // Before ICE has a pair this is dropped; BouncyCastle retransmits the flight.
                sender.send(buf, off, len);
            }
        }

        @Override
        public void close() {
            // The line owns the ICE transport.
        }
    }
}
