package org.switchboard.media.internal;

import java.nio.ByteBuffer;
import org.switchboard.api.media.Codec;

/**
 * RTP (RFC 3550) header access on a buffer holding one datagram at position 0, by absolute
 * index so the hot path creates no objects.
 */
final class Rtp {
    static final int HEADER = 12;
    static final int COMFORT_NOISE = 13;
    static final long TIMESTAMP_MASK = 0xFFFF_FFFFL;

    private Rtp() {}

    /** Version 2 and long enough for its own header; RTCP (PT 72–76 with marker) is not RTP. */
    static boolean looksLikeRtp(ByteBuffer packet) {
        if (packet.limit() < HEADER || (packet.get(0) & 0xC0) != 0x80) {
            return false;
        }
        int secondByte = packet.get(1) & 0xFF;
        return secondByte < 200 || secondByte > 204;
    }

    static int payloadType(ByteBuffer packet) {
        return packet.get(1) & 0x7F;
    }

    static boolean marker(ByteBuffer packet) {
        return (packet.get(1) & 0x80) != 0;
    }

    static void setPayloadType(ByteBuffer packet, int payloadType) {
        packet.put(1, (byte) ((packet.get(1) & 0x80) | payloadType));
    }

    static int sequence(ByteBuffer packet) {
        return packet.getShort(2) & 0xFFFF;
    }

    static long timestamp(ByteBuffer packet) {
        return packet.getInt(4) & TIMESTAMP_MASK;
    }

    static int ssrc(ByteBuffer packet) {
        return packet.getInt(8);
    }

    /** Where the payload starts (after CSRCs and a header extension), or -1 when malformed. */
    static int payloadOffset(ByteBuffer packet) {
        int offset = HEADER + 4 * (packet.get(0) & 0x0F);
        if ((packet.get(0) & 0x10) != 0) {
            if (offset + 4 > packet.limit()) {
                return -1;
            }
            offset += 4 + 4 * (packet.getShort(offset + 2) & 0xFFFF);
        }
        return offset <= packet.limit() ? offset : -1;
    }

    /** Payload bytes, without padding; -1 when the padding count is impossible. */
    static int payloadLength(ByteBuffer packet, int payloadOffset) {
        int padding = (packet.get(0) & 0x20) != 0 ? packet.get(packet.limit() - 1) & 0xFF : 0;
        int length = packet.limit() - payloadOffset - padding;
        return length >= 0 ? length : -1;
    }

    /** The audio codec of a static payload type, or null. */
    static Codec audioCodec(int payloadType) {
        if (payloadType == 0) {
            return Codec.PCMU;
        }
        return payloadType == 8 ? Codec.PCMA : null;
    }

    /** Writes a plain 12-byte header (no CSRC, extension or padding). */
    static void writeHeader(ByteBuffer packet, boolean marker, int payloadType, int sequence, long timestamp, int ssrc) {
        packet.put(0, (byte) 0x80);
        packet.put(1, (byte) ((marker ? 0x80 : 0) | payloadType));
        packet.putShort(2, (short) sequence);
        packet.putInt(4, (int) timestamp);
        packet.putInt(8, ssrc);
    }

    /** RFC 4733 event code for a DTMF digit, or -1. */
    static int dtmfEvent(char digit) {
        return switch (Character.toUpperCase(digit)) {
            case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> digit - '0';
            case '*' -> 10;
            case '#' -> 11;
            case 'A', 'B', 'C', 'D' -> 12 + Character.toUpperCase(digit) - 'A';
            default -> -1;
        };
    }

    /** The digit of an RFC 4733 DTMF event code, or 0 for other events (flash, …). */
    static char dtmfDigit(int event) {
        if (event >= 0 && event <= 9) {
            return (char) ('0' + event);
        }
        return switch (event) {
            case 10 -> '*';
            case 11 -> '#';
            case 12, 13, 14, 15 -> (char) ('A' + event - 12);
            default -> 0;
        };
    }
}
