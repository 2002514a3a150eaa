package org.switchboard.webrtc.internal.rtp;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;
import org.switchboard.webrtc.internal.dtls.SrtpKeys;
import org.switchboard.webrtc.internal.dtls.SrtpProfile;

/**
 * SRTP and SRTCP for one line with jitsi-srtp, keyed from DTLS as its server: we encrypt with the
 * server write key and decrypt with the client write key (RFC 5764 4.2). Encryption runs on the
 * plain side's thread, decryption on the ICE port's thread; each context is used by one of them.
 * Ciphers come from the JDK (SunJCE, AES-NI): no native library to load inside OSGi, and
 * nothing to free explicitly when the line ends.
 */
public final class SrtpTransform {

    private static final Logger LOGGER = new LoggerImpl(SrtpTransform.class.getName());
    private static final int MAX_REMOTE_SOURCES = 16;

    static {
        Aes.setFactoryClassName(Aes.class.getName() + "$SunJCECipherFactory");
    }

    private final SrtpProfile profile;
    private final SrtpContextFactory decrypting;
    private final SrtpCryptoContext outgoing;
    private final Map<Long, SrtpCryptoContext> incomingRtp = new HashMap<>();
    private final Map<Long, SrtcpCryptoContext> incomingRtcp = new HashMap<>();

    public SrtpTransform(SrtpKeys keys, long outgoingSsrc) throws GeneralSecurityException {
        this.profile = keys.profile();
        byte[] material = keys.keyingMaterial();
        int keyLength = profile.keyLength();
        int saltLength = profile.saltLength();
        byte[] clientKey = slice(material, 0, keyLength);
        byte[] serverKey = slice(material, keyLength, keyLength);
        byte[] clientSalt = slice(material, 2 * keyLength, saltLength);
        byte[] serverSalt = slice(material, 2 * keyLength + saltLength, saltLength);
        SrtpContextFactory encrypting = new SrtpContextFactory(true, serverKey, serverSalt, profile.policy(),
                profile.policy(), LOGGER);
        this.decrypting = new SrtpContextFactory(false, clientKey, clientSalt, profile.policy(), profile.policy(),
                LOGGER);
        this.outgoing = encrypting.deriveContext((int) outgoingSsrc, 0);
    }

    /**
     * Loads and initialises the SRTP classes and ciphers once, at engine start: done by the first
     * line instead, it takes about a second in which the browser's first packets are lost.
     */
    public static void warmUp() {
        for (SrtpProfile profile : SrtpProfile.values()) {
            try {
                SrtpTransform transform = new SrtpTransform(
                        new SrtpKeys(profile, new byte[profile.keyingMaterialLength()]), 1);
                byte[] rtp = new byte[12 + 160 + 64];
                rtp[0] = (byte) 0x80;
                rtp[11] = 1;
                transform.encryptRtp(new Packet(rtp, 0, 12 + 160));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SRTP " + profile + " is not available", e);
            }
        }
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Encrypts RTP in place; the packet grows by the tag, so its array needs room for it. */
    public boolean encryptRtp(Packet packet) {
        try {
            return outgoing.transformPacket(packet) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Authenticates and decrypts SRTP in place; false when it is not from the browser or replayed. */
    public boolean decryptRtp(Packet packet) {
        long ssrc = Rtp.ssrc(packet.getBuffer(), packet.getOffset());
        try {
            SrtpCryptoContext context = incomingRtp.get(ssrc);
            boolean derived = context == null;
            if (derived) {
                context = decrypting.deriveContext((int) ssrc, 0);
            }
            boolean ok = context.reverseTransformPacket(packet, false) == SrtpErrorStatus.OK;
            // Only an authenticated packet may create state, so garbage cannot fill the map.
            if (ok && derived && incomingRtp.size() < MAX_REMOTE_SOURCES) {
                incomingRtp.put(ssrc, context);
            }
            return ok;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public boolean decryptRtcp(Packet packet) {
        long ssrc = Rtp.rtcpSenderSsrc(packet.getBuffer(), packet.getOffset());
        try {
            SrtcpCryptoContext context = incomingRtcp.get(ssrc);
            boolean derived = context == null;
            if (derived) {
                context = decrypting.deriveControlContext((int) ssrc);
            }
            boolean ok = context.reverseTransformPacket(packet) == SrtpErrorStatus.OK;
            if (ok && derived && incomingRtcp.size() < MAX_REMOTE_SOURCES) {
                incomingRtcp.put(ssrc, context);
            }
            return ok;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] slice(byte[] material, int from, int length) {
        byte[] part = new byte[length];
        System.arraycopy(material, from, part, 0, length);
        return part;
    }
}
