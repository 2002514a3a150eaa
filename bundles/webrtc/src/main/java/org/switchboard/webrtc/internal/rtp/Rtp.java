package org.switchboard.webrtc.internal.rtp;

/** RTP and RTCP header fields, and the first-byte demultiplexing of RFC 7983. */
public final class Rtp {

    private Rtp() {
    }

    /** RFC 7983: 0–3 STUN, 20–63 DTLS, 128–191 RTP/RTCP. */
    public static boolean isDtls(byte first) {
        int b = first & 0xFF;
        return b >= 20 && b <= 63;
    }

    public static boolean isRtpOrRtcp(byte[] data, int offset, int length) {
        int b = data[offset] & 0xFF;
        return length >= 12 && b >= 128 && b <= 191;
    }

    /** RFC 5761 rtcp-mux: RTCP packet types 192–223 fall where RTP payload types 64–95 would. */
    public static boolean isRtcp(byte[] data, int offset) {
        int pt = data[offset + 1] & 0x7F;
        return pt >= 64 && pt <= 95;
    }

    public static int payloadType(byte[] data, int offset) {
        return data[offset + 1] & 0x7F;
    }

    public static int sequence(byte[] data, int offset) {
        return ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
    }

    public static long timestamp(byte[] data, int offset) {
        return readUint32(data, offset + 4);
    }

    public static long ssrc(byte[] data, int offset) {
        return readUint32(data, offset + 8);
    }

    /** The sender SSRC of an RTCP packet. */
    public static long rtcpSenderSsrc(byte[] data, int offset) {
        return readUint32(data, offset + 4);
    }

    static void writeSequence(byte[] data, int offset, int sequence) {
        data[offset + 2] = (byte) (sequence >>> 8);
        data[offset + 3] = (byte) sequence;
    }

    static void writeTimestamp(byte[] data, int offset, long timestamp) {
        writeUint32(data, offset + 4, timestamp);
    }

    static void writeSsrc(byte[] data, int offset, long ssrc) {
        writeUint32(data, offset + 8, ssrc);
    }

    static void setMarker(byte[] data, int offset) {
        data[offset + 1] |= (byte) 0x80;
    }

    private static long readUint32(byte[] data, int offset) {
        return ((long) (data[offset] & 0xFF) << 24) | ((data[offset + 1] & 0xFF) << 16)
                | ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
    }

    private static void writeUint32(byte[] data, int offset, long value) {
        data[offset] = (byte) (value >>> 24);
        data[offset + 1] = (byte) (value >>> 16);
        data[offset + 2] = (byte) (value >>> 8);
        data[offset + 3] = (byte) value;
    }
}
