package org.switchboard.api.media;

/** Audio codecs Switchboard relays; G.711 in both laws, transcoded between them when legs differ. */
public enum Codec {
    PCMU(0, "PCMU", 8000),
    PCMA(8, "PCMA", 8000);

    private final int payloadType;
    private final String encodingName;
    private final int clockRate;

    Codec(int payloadType, String encodingName, int clockRate) {
        this.payloadType = payloadType;
        this.encodingName = encodingName;
        this.clockRate = clockRate;
    }

    /** The static RTP payload type (RFC 3551). */
    public int payloadType() {
        return payloadType;
    }

    /** The name used in SDP {@code a=rtpmap}. */
    public String encodingName() {
        return encodingName;
    }

    public int clockRate() {
        return clockRate;
    }
}
