package org.switchboard.webrtc.internal.dtls;

import java.util.List;
import java.util.Optional;

import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpPolicy;

/** The DTLS-SRTP protection profiles we accept, in our default order of preference (GCM needs no HMAC). */
public enum SrtpProfile {
    AEAD_AES_128_GCM(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, 16, 12, 16),
    AES128_CM_HMAC_SHA1_80(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, 16, 14, 10);

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;

    SrtpProfile(int id, int keyLength, int saltLength, int tagLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    public int id() {
        return id;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** Authentication tag bytes added to each packet (RTP and RTCP alike for these two). */
    public int tagLength() {
        return tagLength;
    }

    /** Bytes to export with {@code EXTRACTOR-dtls_srtp}: both keys and both salts (RFC 5764 4.2). */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    public SrtpPolicy policy() {
        return this == AEAD_AES_128_GCM
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, keyLength, SrtpPolicy.NULL_AUTHENTICATION, 0,
                        tagLength, saltLength)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20,
                        tagLength, saltLength);
    }

    /** Our first choice among the client's offered profiles. */
    public static Optional<SrtpProfile> choose(List<SrtpProfile> acceptable, int[] offered) {
        for (SrtpProfile ours : acceptable) {
            for (int id : offered) {
                if (id == ours.id) {
                    return Optional.of(ours);
                }
            }
        }
        return Optional.empty();
    }
}
