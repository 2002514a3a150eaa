package org.switchboard.webrtc.internal.dtls;

/** What a finished DTLS handshake gives SRTP: the profile and the exported keying material. */
public record SrtpKeys(SrtpProfile profile, byte[] keyingMaterial) {
}
